// Captures for the browser tests of a student's own capture: `openssl s_client` ↔
// `openssl s_server` on 127.0.0.1, recorded by dumpcap on the loopback interface, with the
// client's key log. Bounded in time; each run in a fresh temporary folder.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEP = 15000;

/** A child process whose output can be awaited. */
function proc(cmd, args) {
  const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  p.out = '';
  p.stdout.on('data', (d) => { p.out += d; });
  p.stderr.on('data', (d) => { p.out += d; });
  p.until = (text) => new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`${cmd}: no "${text}" within ${STEP} ms:\n${p.out}`)), STEP);
    const check = () => { if (p.out.includes(text)) { clearTimeout(t); ok(); } else setTimeout(check, 20); };
    check();
  });
  p.ended = () => new Promise((ok) => {
    if (p.exitCode !== null || p.signalCode !== null) return ok();
    const t = setTimeout(() => { p.kill('SIGKILL'); ok(); }, STEP);
    p.on('exit', () => { clearTimeout(t); ok(); });
  });
  return p;
}

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});

/**
 * One OpenSSL connection recorded: `flags` go to both ends (e.g. `['-tls1_2', '-cipher',
 * 'AES128-GCM-SHA256']`). Returns the pcapng's and the key log's paths.
 */
export async function opensslCapture(flags) {
  const dir = mkdtempSync(join(tmpdir(), 'tls-lab-capture-'));
  const [cert, key, pcap, keys] = ['cert.pem', 'key.pem', 'openssl.pcapng', 'openssl.keys'].map((f) => join(dir, f));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=server.test', '-addext', 'subjectAltName=DNS:server.test', '-keyout', key, '-out', cert],
  { stdio: 'ignore', timeout: STEP });
  const port = await freePort();
  const server = proc('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-naccept', '1', '-cert', cert, '-key', key, ...flags]);
  await server.until('ACCEPT');
  const dumpcap = proc('dumpcap', ['-i', 'lo', '-f', `tcp port ${port}`, '-w', pcap]);
  await dumpcap.until('File: ');
  const client = proc('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'server.test', '-keylogfile', keys, ...flags]);
  await client.until('Verify return code');
  client.stdin.write('GET /from-openssl HTTP/1.1\n');
  await server.until('GET /from-openssl');
  server.stdin.write('hello from openssl s_server\n');
  await client.until('hello from openssl s_server');
  client.stdin.end();
  await client.ended();
  await server.ended();
  await new Promise((ok) => setTimeout(ok, 500));
  dumpcap.kill('SIGINT');
  await dumpcap.ended();
  return { pcap, keys };
}
