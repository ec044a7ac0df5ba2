"""export_articles as a shell pipeline uses it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    env = {"ARCHIVE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    # More output than a pipe buffers (64 KiB), so the writer meets the closed pipe.
    folder = tmp_path / "articles"
    folder.mkdir()
    for copy in range(20):
        for seed in SEEDS.glob("*.txt"):
            (folder / f"{copy:02d}_{seed.name}").write_bytes(seed.read_bytes())
    subprocess.run(
        [*manage, "import_articles", "--no-index", str(folder)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )

    export = subprocess.Popen(
        [*manage, "export_articles", "--full"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first_line = export.stdout.readline()
    export.stdout.close()  # like `| head -1`
    stderr = export.stderr.read().decode()
    export.wait(timeout=60)

    assert first_line.startswith(b'{"source_file": "00_000_')
    assert "Traceback" not in stderr
