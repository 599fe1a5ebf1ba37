#!/usr/bin/env bash
# Writes dist/tls-lab-site.zip: the lab, the course page and the recorded page (release
# build) in one folder, tls-lab/, with relative paths only, for a teacher to unzip on any
# static host or into a learning platform's file area. Builds first if dist/ is not up to date.
#   scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-page.sh
python3 - <<'PY'
import os, zipfile

# Fixed timestamps and order: the same build gives the same zip.
out = "dist/tls-lab-site.zip"
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk("dist"):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith(".") or name.startswith("tls-lab-site.zip"):
                continue
            info = zipfile.ZipInfo("tls-lab/" + os.path.relpath(path, "dist"), (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(out + ".part", out)
print(f"wrote {out} ({os.path.getsize(out) / 1024:.1f} KB): unzip it and open tls-lab/index.html from any static host")
PY
