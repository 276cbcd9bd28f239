"""The AWS SDK for JavaScript v3 (tests/e2e/js, installed by the e2e_js_install fixture) against
`bulwark serve`: runs sdk_v3_test.mjs with node's test runner and passes when every case does."""
import os
import subprocess
import unittest

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
JS_DIR = os.environ.get("BULWARK_JS_DIR", "")
NODE = os.environ.get("BULWARK_NODE", "node")


class JavaScriptSdkEndToEnd(unittest.TestCase):
    def test_sdk_v3_suite(self):
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-sts")),
                        f"the SDK is not installed in {JS_DIR!r} (the e2e_js_install test does that)")
        with BulwarkServer(BINARY) as server:
            env = dict(os.environ, BULWARK_ENDPOINT=server.endpoint, BULWARK_ACCOUNT_ID=server.account_id,
                       BULWARK_ACCESS_KEY_ID=server.access_key_id,
                       BULWARK_SECRET_ACCESS_KEY=server.secret_access_key)
            for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
                env.pop(name, None)
            out = subprocess.run([NODE, "--test", "--test-reporter=spec", "sdk_v3_test.mjs"], cwd=JS_DIR, env=env,
                                 capture_output=True, text=True, timeout=240)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertIn("pass 8", out.stdout, out.stdout)


if __name__ == "__main__":
    unittest.main()
