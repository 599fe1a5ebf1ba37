// Browser tests of lessons and practice (issue 13), in the course page (dist/course/: the lab
// with lessons and practice, which the lab links to): every shipped lesson played from its
// first step to its last, a teacher's lesson in the link, broken links, a phone, the keyboard,
// and practice scripted with right and wrong answers while a host page records the xAPI
// statements the page posts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { host, session, shot } from './helpers.mjs';

const s = session();
const LESSONS = new URL('../../lessons/', import.meta.url).pathname;

/** base64url without padding, as the page reads `lesson=`. */
const base64url = (text) => Buffer.from(text).toString('base64url');

/** Each shipped lesson: id, title, and each step's state (its `## ` line) and question. */
const shipped = readdirSync(LESSONS).filter((f) => f.endsWith('.md')).sort().map((f) => {
  const text = readFileSync(LESSONS + f, 'utf8');
  const steps = text.split(/^## /m).slice(1).map((part) => ({
    query: part.split('\n')[0].trim(),
    right: (part.match(/^\+ (.*)$/m) ?? [])[1],
  }));
  return { id: f.replace(/\.md$/, '').replace(/^\d+-/, ''), title: text.split('\n')[0].slice(2), steps };
});

/** The page at `query` (relative to the site's root), once its controls are drawn. */
async function page(query, viewport = { width: 1280, height: 900 }, options = {}) {
  const p = await s.page(null, viewport, options);
  await p.goto(s.env.base + query);
  await p.locator('.controls').waitFor();
  return p;
}

const lessonPanel = (p) => p.locator('.lesson-panel');

describe('lessons', () => {
  test('the lab lists the lessons and hands them, and practice, to the course page', async () => {
    const p = await page('?suite=ecdhe&seed=7');
    await p.getByText('Lessons and practice').click();
    const links = p.locator('.learn a');
    const texts = await links.allTextContents();
    // After the lessons: practice, the lab's link to this run's second visit (resumption), and
    // to this run with an attacker on the path.
    assert.equal(texts.pop(), 'An active attacker on the path: what authentication is for');
    assert.equal(texts.pop(), "Resumption: this run's second visit, beside its first");
    assert.equal(texts.pop(), 'Practise on this run: predict each record');
    assert.deepEqual(texts.sort(), shipped.map((l) => l.title).sort());
    assert.equal(texts.length, shipped.length);
    await p.getByRole('link', { name: 'The 2013 handshake, corrected' }).click();
    await lessonPanel(p).waitFor();
    assert.match(p.url(), /\/course\/\?.*lesson=classic/);
    // Practice keeps the run the student was looking at.
    const lab = await page('?suite=ecdhe&seed=7&step=4');
    await lab.getByText('Lessons and practice').click();
    await lab.getByRole('link', { name: 'Practise on this run: predict each record' }).click();
    await lab.locator('.practice-panel').waitFor();
    const q = new URL(lab.url()).searchParams;
    assert.deepEqual([q.get('suite'), q.get('seed'), q.get('practice')], ['ecdhe', '7', '1']);
    // A lesson link opened in the lab (typed by hand) lands in the course page.
    const typed = await page('?lesson=what-goes-wrong');
    await lessonPanel(typed).waitFor();
    const landed = new URL(typed.url());
    assert.equal(landed.pathname, '/course/');
    assert.equal(landed.searchParams.get('lesson'), 'what-goes-wrong');
  });

  for (const lesson of shipped) {
    test(`"${lesson.title}" plays from first to last step, every value filled`, async () => {
      const p = await page(`course/?lesson=${lesson.id}`);
      const n = lesson.steps.length;
      for (const [k, step] of lesson.steps.entries()) {
        const panel = lessonPanel(p);
        await panel.locator('.kicker', { hasText: `step ${k + 1} of ${n}` }).waitFor();
        // The state the step names is the page's state, and the URL says where the student is.
        const url = new URL(p.url()).searchParams;
        assert.equal(url.get('lesson_step'), String(k + 1));
        for (const [key, value] of new URLSearchParams(step.query)) {
          assert.equal(url.get(key === 'compare' ? 'compare' : key), value, `step ${k + 1}: ${key}`);
        }
        assert.equal(await panel.locator('.missing').count(), 0, `step ${k + 1}: a value is missing`);
        const values = await panel.locator('code.value').allTextContents();
        assert.ok(values.every((v) => v.trim().length > 0));
        if (step.right) {
          await panel.locator('.answer', { hasText: step.right }).click();
          const verdict = await panel.locator('.quiz-verdict').textContent();
          assert.match(verdict, /^Right\./);
          assert.doesNotMatch(verdict, /[{}]|not in this run/, 'the why has its values');
          assert.equal(await panel.locator('.answer.right').textContent(), step.right);
        }
        const next = panel.getByRole('button', { name: 'Next' });
        if (k + 1 < n) await next.click();
        else assert.ok(await next.isDisabled(), 'Next is off at the last step');
      }
      // The end says so, with the answers and the next lesson.
      assert.match(await lessonPanel(p).locator('.lesson-end').textContent(), /Lesson complete\./);
      const i = shipped.findIndex((l) => l.id === lesson.id);
      const next = lessonPanel(p).locator('.lesson-end a');
      if (i + 1 < shipped.length) assert.equal(await next.textContent(), shipped[i + 1].title);
      else assert.equal(await next.count(), 0);
      await shot(p, `lesson-${lesson.id}-last`);
      // Previous goes back, state and all.
      await lessonPanel(p).getByRole('button', { name: 'Previous' }).click();
      await lessonPanel(p).locator('.kicker', { hasText: `step ${n - 1} of ${n}` }).waitFor();
      assert.equal(new URL(p.url()).searchParams.get('step'), new URLSearchParams(lesson.steps[n - 2].query).get('step'));
    });
  }

  test('an open question hides the records it asks about, as practice does', async () => {
    // "What goes wrong", step 1: which alert will the browser send? The alert is a later record.
    const p = await page('course/?lesson=what-goes-wrong');
    const shown = () => p.locator('.arrow').count();
    assert.equal(await shown(), 4, 'only the records up to the step');
    assert.equal(await p.locator('.arrow.alert').count(), 0, 'no alert on show');
    assert.equal(await p.locator('.summary').count(), 0, 'no outcome on show');
    await p.evaluate(() => document.activeElement?.blur());
    await p.keyboard.press('End');
    assert.equal(await p.locator('.step-label').textContent(), 'step 4 of 8', 'End stops at the question');
    // A wrong answer does not give the right one away: another try.
    await lessonPanel(p).locator('.answer', { hasText: 'bad_record_mac' }).click();
    assert.match(await lessonPanel(p).locator('.quiz-verdict').textContent(), /^Not quite: try another answer\.$/);
    assert.equal(await lessonPanel(p).locator('.answer.right').count(), 0);
    assert.equal(await shown(), 4, 'still hidden');
    await lessonPanel(p).locator('.answer', { hasText: 'certificate_expired' }).click();
    assert.match(await lessonPanel(p).locator('.quiz-verdict').textContent(), /^Right, on try 2\./);
    assert.equal(await shown(), 8, 'answered: the whole run');
    // Exploring the run leaves the lesson's record; one click brings it back.
    await p.evaluate(() => document.activeElement?.blur());
    await p.keyboard.press('End');
    await lessonPanel(p).getByRole('button', { name: 'Back to record 4' }).click();
    assert.equal(await p.locator('.step-label').textContent(), 'step 4 of 8');
    assert.equal(await lessonPanel(p).locator('.lesson-away').count(), 0);
    assert.equal(await p.locator('.arrow.alert').count(), 1);
  });

  test('values are the run\'s own: the master secret shown is the key diagram\'s', async () => {
    const p = await page('course/?lesson=classic&lesson_step=4');
    const shown = (await lessonPanel(p).locator('code.value').first().textContent()).split(' … ')[0].replace(/\s/g, '');
    await p.locator('.node[data-id=master_secret]').click();
    const detail = (await p.locator('.key-detail').textContent()).replace(/\s/g, '');
    assert.ok(shown.length >= 32 && detail.includes(shown), `${shown} in the key diagram`);
  });

  test('a teacher\'s own lesson travels in the link; the URL keeps the place; Leave ends it', async () => {
    const text = '# My first lesson\n\n## ?suite=tls13&group=x25519&step=2\nThe server\'s key share is {server_key_share}.\n\n## ?suite=tls13&group=x25519&step=5\nThe certificate is encrypted.\n\n? Can an eavesdropper read it?\n- Yes\n+ No\n> It is sealed under the server handshake traffic key.\n';
    const p = await page(`course/?lesson=${base64url(text)}`);
    assert.equal(await lessonPanel(p).locator('h2').textContent(), 'My first lesson');
    assert.match(await lessonPanel(p).textContent(), /key share is [0-9a-f]{2} [0-9a-f]{2}/);
    await lessonPanel(p).getByRole('button', { name: 'Next' }).click();
    await lessonPanel(p).locator('.kicker', { hasText: 'step 2 of 2' }).waitFor();
    await p.reload();
    await lessonPanel(p).locator('.kicker', { hasText: 'step 2 of 2' }).waitFor();
    assert.equal(await p.locator('.step-label').textContent(), 'step 5 of 14');
    await lessonPanel(p).getByRole('button', { name: 'Leave the lesson' }).click();
    await p.locator('.lesson-panel').waitFor({ state: 'detached' });
    assert.equal(new URL(p.url()).searchParams.get('lesson'), null);
  });

  test('a malformed, oversized or unknown lesson= gives a clear notice and a working page', async () => {
    const cases = [
      [base64url('# Title\n\n## ?suite=rsa\n- an answer without a question\n'), /line 4: answers .* follow a question/],
      [base64url('no title here\n'), /line 1: a lesson starts with its title/],
      [base64url(`# Long\n\n## ?suite=rsa\n${'x'.repeat(5000)}\n`), /too long|at most 4096/],
      ['A'.repeat(7000), /too long/],
      ['not-a-lesson', /neither a lesson of this page/],
      [base64url('# Odd\n\n## ?suite=tls14\nHello.\n'), /Lesson step 1: Ignored suite=tls14/],
    ];
    for (const [param, expected] of cases) {
      const p = await page(`course/?lesson=${param}&suite=ecdhe`);
      const notices = await p.locator('.notices').textContent();
      assert.match(notices, expected, param.slice(0, 30));
      assert.ok(await p.locator('.arrow').count() > 5, 'the page still works');
      await p.getByRole('button', { name: 'Next' }).first().click();
    }
  });

  test('on a phone, embedded, by keyboard: the narration comes right after the controls', async () => {
    const p = await page('course/?lesson=what-goes-wrong&embed=1', { width: 390, height: 844 }, { colorScheme: 'dark' });
    const top = async (sel) => (await p.locator(sel).boundingBox()).y;
    assert.ok(await top('.controls-panel') < await top('.lesson-panel'));
    assert.ok(await top('.lesson-panel') < await top('.step-panel'));
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (${width})`);
    // The answers and Next are buttons in the tab order: Enter presses them.
    await lessonPanel(p).locator('.answer', { hasText: 'certificate_expired' }).focus();
    await p.keyboard.press('Enter');
    assert.match(await lessonPanel(p).locator('.quiz-verdict').textContent(), /^Right\./);
    await lessonPanel(p).getByRole('button', { name: 'Next' }).focus();
    await p.keyboard.press('Enter');
    await lessonPanel(p).locator('.kicker', { hasText: 'step 2 of 6' }).waitFor();
    await shot(p, 'lesson-390-dark-embedded');
  });
});

describe('practice', () => {
  /** A host page that embeds `query` and keeps every xAPI statement the page posts. */
  const hosted = (query) => host(s, query, {
    width: 1280, height: 2000, viewport: { width: 1320, height: 1000 }, resize: false, xapi: true,
    ready: '.practice-panel, .lesson-panel',
  });

  test('a scripted run of right and wrong answers gives the expected score and statements', async () => {
    const { p, frame } = await hosted('course/?suite=rsa&practice=1&embed=1');
    const panel = frame.locator('.practice-panel');
    // Nothing is shown before the first answer, and Next cannot reveal a record.
    assert.equal(await frame.locator('.arrow').count(), 0);
    assert.ok(await frame.getByRole('button', { name: 'Next' }).first().isDisabled());
    let expected = { right: 0, answered: 0, shown: 0 };
    for (let k = 1; ; k++) {
      if (await panel.locator('.summary').count()) break;
      const quiz = panel.locator('.quiz').last();
      const answers = quiz.locator('.answer');
      // The right answer is the one the page marks once answered: answer, then read it back.
      const plan = k % 3; // 0: show me, 1: first answer, 2: last answer
      if (plan === 0) {
        await panel.locator('.show-me').click();
        expected.shown++;
      } else {
        await answers.nth(plan === 1 ? 0 : (await answers.count()) - 1).click();
        const verdict = await panel.locator('.revealed .quiz-verdict').textContent();
        expected.answered++;
        if (verdict.startsWith('Right.')) expected.right++;
      }
      assert.equal(await frame.locator('.arrow').count(), k, `record ${k} revealed`);
      assert.equal(await panel.locator('.score').textContent(),
        `Score: ${expected.right} of ${expected.answered}` + (expected.shown ? ` (${expected.shown} shown without an answer)` : ''));
    }
    assert.equal(expected.answered + expected.shown, 13, 'a question before each of the 13 records');
    assert.ok(expected.right > 0 && expected.right < expected.answered, 'right and wrong answers both happened');
    assert.match(await panel.locator('.summary').textContent(), new RegExp(`Done: ${expected.right} of ${expected.answered} right`));
    await shot(p, 'practice-done');

    const statements = await p.evaluate(() => window.statements);
    const verbs = (v) => statements.filter((st) => st.verb.id === `http://adlnet.gov/expapi/verbs/${v}`);
    assert.equal(verbs('answered').length, expected.answered);
    assert.equal(verbs('answered').filter((st) => st.result.success).length, expected.right);
    assert.equal(verbs('experienced').length, 13, 'every record revealed, the first included');
    const [completed] = verbs('completed');
    assert.deepEqual(completed.result.score, { raw: expected.right, min: 0, max: 13, scaled: expected.right / 13 });
    for (const st of statements) {
      assert.match(st.object.id, /^http:\/\/127\.0\.0\.1:\d+\/course\/#practice/);
      assert.ok(!Number.isNaN(Date.parse(st.timestamp)));
      assert.equal(st.actor, undefined, 'the host adds the actor');
    }
  });

  test('a lesson embedded posts experienced, answered and completed', async () => {
    const { p, frame } = await hosted('course/?lesson=classic&embed=1');
    const panel = frame.locator('.lesson-panel');
    for (let k = 1; k <= 5; k++) {
      await panel.locator('.kicker', { hasText: `step ${k} of 5` }).waitFor();
      if (await panel.locator('.answer').count()) await panel.locator('.answer').first().click();
      if (k < 5) await panel.getByRole('button', { name: 'Next' }).click();
    }
    await p.waitForFunction(() => window.statements.some((st) => st.verb.display['en-US'] === 'completed'));
    const statements = await p.evaluate(() => window.statements);
    const of = (v) => statements.filter((st) => st.verb.display['en-US'] === v);
    assert.deepEqual(of('experienced').map((st) => st.object.id.split('#')[1]),
      [1, 2, 3, 4, 5].map((k) => `lesson/classic/step-${k}`));
    assert.deepEqual(of('answered').map((st) => st.result.success), [false, false]);
    assert.equal(of('completed')[0].object.definition.name['en-US'], 'The 2013 handshake, corrected');
  });

  test('what each secret opens: a stolen key at the request, a quantum computer at the response', async () => {
    // [query, the stolen key's right answer, the quantum computer's]
    for (const [query, theft, quantum] of [
      ['suite=rsa', /^can be decrypted/, /^can be decrypted/],
      ['suite=tls13&group=x25519mlkem768', /^stays secret: the key exchange was ephemeral/, /^stays secret: ML-KEM/],
    ]) {
      const p = await page(`course/?${query}&practice=1`);
      const panel = p.locator('.practice-panel');
      const asked = [];
      while (!(await panel.locator('.summary').count())) {
        const prompt = await panel.locator('.quiz .prompt').last().textContent();
        if (/Years later/.test(prompt)) {
          // Choose the answer the experiment gives: the page must say it is right.
          const want = /stolen/.test(prompt) ? theft : quantum;
          const answers = panel.locator('.quiz').last().locator('.answer');
          const texts = await answers.allTextContents();
          const i = texts.findIndex((t) => want.test(t));
          assert.ok(i >= 0, `${query}: ${texts.join(' | ')}`);
          await answers.nth(i).click();
          assert.match(await panel.locator('.revealed .quiz-verdict').textContent(), /^Right\./, `${query}: ${prompt}`);
          asked.push(/stolen/.test(prompt) ? 'theft' : 'quantum');
        } else {
          await panel.locator('.show-me').click();
        }
      }
      assert.deepEqual(asked, ['theft', 'quantum'], query);
    }
  });

  test('nothing is posted when the page is not embedded', async () => {
    const p = await page('course/?suite=tls13&practice=1');
    await p.evaluate(() => { window.posted = 0; const post = window.postMessage; window.postMessage = (...a) => { window.posted++; return post.apply(window, a); }; });
    await p.locator('.practice-panel .show-me').click();
    assert.equal(await p.evaluate(() => window.posted), 0);
  });
});

describe('the lesson editor', () => {
  test('a lesson written from the page round-trips through its link', async () => {
    const p = await page('course/?suite=rsa&step=3');
    await p.getByRole('button', { name: 'Share & export' }).click();
    await p.getByRole('button', { name: 'Write a lesson from this step' }).click();
    const editor = p.locator('.editor-panel');
    const area = editor.locator('textarea');
    // It starts from this step's state.
    assert.equal(await area.inputValue(), '# A lesson of my own\n\n## ?suite=rsa&seed=1&ems=1&step=3\nWhat to notice at this step.\n');
    const first = '# Certificates, in my words\n\n## ?suite=rsa&seed=1&ems=1&step=3\nThe server sends its certificate. The browser\'s random was {client_random}.\n';
    await area.fill(first);
    // Move the page on, and capture its state with one click.
    await p.keyboard.press('Escape');
    await p.locator('.controls button.next').click();
    await editor.getByRole('button', { name: "Add this page's state as a step" }).click();
    assert.equal(await area.inputValue(), `${first}\n## ?suite=rsa&seed=1&ems=1&step=4\nWhat to notice at this step.\n`);
    // A mistake is listed as it is typed, and no link is offered until it is fixed.
    await area.fill(`${first}- a stray answer\n`);
    assert.match(await editor.locator('.lesson-problems').textContent(), /line 5: answers .* follow a question/);
    assert.equal(await editor.locator('#lesson-link').count(), 0);
    // Values used before they exist, unknown ones and records past the run's end are flagged.
    await area.fill('# Early\n\n## ?suite=rsa&step=1\nThe master secret is {master_secret}; the {colour} is blue.\n\n## ?suite=rsa&step=99\nToo far.\n');
    const flagged = await editor.locator('.lesson-problems li').allTextContents();
    assert.equal(flagged.length, 3, flagged.join(' | '));
    assert.match(flagged[0], /^Step 1: \{master_secret\} does not exist yet at record 1: it comes to exist at record \d+\.$/);
    assert.match(flagged[1], /^Step 1: \{colour\} has no value in this run/);
    assert.match(flagged[2], /^Step 2: step=99 does not exist: this run has \d+ records\.$/);
    const text = `${first}\n? Who checks the certificate?\n+ The browser, as it arrives\n- The server\n> No message is sent for the check.\n\n## ?suite=rsa&seed=1&ems=1&step=4\nServerHelloDone ends the server's flight.\n`;
    await area.fill(text);
    const link = await editor.locator('#lesson-link').inputValue();
    assert.match(link, /\/course\/\?lesson=[A-Za-z0-9_-]+$/);
    // The link alone brings the lesson back, values filled from its runs.
    await p.goto(link);
    await lessonPanel(p).waitFor();
    assert.equal(await lessonPanel(p).locator('h2').textContent(), 'Certificates, in my words');
    assert.match(await lessonPanel(p).locator('.kicker').textContent(), /step 1 of 2/);
    assert.match(await lessonPanel(p).locator('code.value').textContent(), /^[0-9a-f]{2}( [0-9a-f]{2}){15} … \(32 bytes\)$/);
    await lessonPanel(p).locator('.answer', { hasText: 'The browser' }).click();
    // And its copy in the editor is the same text.
    await lessonPanel(p).getByRole('button', { name: 'Edit a copy' }).click();
    assert.equal(await p.locator('.editor-panel textarea').inputValue(), text);
  });
});
