"""The README's policy-tool examples run exactly as printed, and every file in examples/ validates.

A newcomer's first try is the README's own example; when it failed on the project's own examples
(issue 16) the tool looked broken. So every `scripts/run.sh policy ...` / `bulwark policy ...` command
the README prints is run here against the built binary, with `scripts/run.sh` (which would install
packages and build) or `bulwark` replaced by that binary, in bash (globs, line continuations and
redirections as printed), from a scratch directory whose `examples` is the repository's. Examples are
the command lines of fenced code blocks and inline code in prose; table rows hold synopses
(`PATH...`), not examples. Each must exit 0.

Environment: BULWARK_BIN (the built `bulwark`), BULWARK_SOURCE_DIR (the repository; defaults to this
file's).
"""
import json
import os
import pathlib
import re
import shlex
import subprocess
import tempfile
import unittest

SOURCE_DIR = pathlib.Path(os.environ.get("BULWARK_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("BULWARK_BIN", str(SOURCE_DIR / "build" / "src" / "cli" / "bulwark"))
PROGRAM = re.compile(r"(^|[|;&]\s*)(scripts/run\.sh|bulwark)(?=\s)")


def is_policy_command(command):
    words = command.split()
    return len(words) >= 2 and words[0] in ("scripts/run.sh", "bulwark") and words[1] == "policy"


def readme_examples(text):
    """The README's policy commands: fenced shell lines (continuations joined) and inline code in prose."""
    commands = []
    fenced = False
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            pending = ""
            continue
        if fenced:
            stripped = line.strip()
            if not pending and (not stripped or stripped.startswith("#")):
                continue
            if stripped.endswith("\\"):
                pending += stripped[:-1] + " "
                continue
            command, pending = pending + stripped, ""
            if is_policy_command(command):
                commands.append(command)
        elif not line.lstrip().startswith("|"):
            commands.extend(span for span in re.findall(r"`([^`]+)`", line) if is_policy_command(span))
    return commands


def run(command, cwd):
    shell = PROGRAM.sub(lambda m: m.group(1) + shlex.quote(BIN), command, count=1)
    return subprocess.run(["bash", "-c", "set -o pipefail; " + shell], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


class ReadmeExamples(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.commands = readme_examples((SOURCE_DIR / "README.md").read_text(encoding="utf-8"))
        cls.scratch = tempfile.TemporaryDirectory(prefix="bulwark-readme-")
        os.symlink(SOURCE_DIR / "examples", pathlib.Path(cls.scratch.name) / "examples")

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_readme_shows_both_policy_tools(self):
        self.assertTrue(any(c.split()[2] == "validate" for c in self.commands), self.commands)
        self.assertTrue(any(c.split()[2] == "simulate" for c in self.commands), self.commands)

    def test_every_readme_example_succeeds(self):
        for command in self.commands:
            with self.subTest(command=command):
                result = run(command, self.scratch.name)
                self.assertEqual(result.returncode, 0,
                                 f"{command}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
                if "--format sarif" in command:
                    target = re.search(r">\s*(\S+)\s*$", command)
                    text = (pathlib.Path(self.scratch.name) / target.group(1)).read_text() if target else result.stdout
                    self.assertEqual(json.loads(text)["version"], "2.1.0")
                if "--format json" in command:
                    for line in result.stdout.splitlines() if "--batch" in command else [result.stdout]:
                        json.loads(line)

    def test_every_example_file_validates(self):
        files = sorted(p for p in (SOURCE_DIR / "examples").rglob("*") if p.is_file())
        self.assertTrue(files)
        for path in files:
            with self.subTest(example=str(path.relative_to(SOURCE_DIR))):
                result = subprocess.run([BIN, "policy", "validate", str(path)], capture_output=True, text=True,
                                        timeout=60)
                self.assertEqual(result.returncode, 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
