"""Regression: `bulwark serve` crashed (SIGSEGV) when stopped with calls still in flight, because
their completions reached the listener after it was gone. SIGTERM under load must exit 0."""
import asyncio
import os
import unittest
import urllib.parse

import boto3

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


class ServeShutdown(unittest.TestCase):
    def test_sigterm_under_load_exits_cleanly(self):
        server = BulwarkServer(BINARY).__enter__()
        try:
            sts = boto3.client("sts", endpoint_url=server.endpoint, region_name="us-east-1",
                               aws_access_key_id=server.access_key_id,
                               aws_secret_access_key=server.secret_access_key)
            url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=600, HttpMethod="GET")
            parsed = urllib.parse.urlsplit(url)
            request = (f"GET {parsed.path}?{parsed.query} HTTP/1.1\r\nHost: {parsed.netloc}\r\n\r\n").encode()
            answered = []

            # 64 keep-alive connections, each sending the next request as soon as the last is answered,
            # so calls are always waiting on the store when the signal lands.
            async def connection():
                try:
                    reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port)
                    while True:
                        writer.write(request)
                        head = await reader.readuntil(b"\r\n\r\n")
                        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                        await reader.readexactly(length)
                        answered.append(1)
                except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
                    pass

            async def load_then_terminate():
                tasks = [asyncio.create_task(connection()) for _ in range(64)]
                await asyncio.sleep(1.5)
                server.process.terminate()
                await asyncio.wait(tasks, timeout=20)

            asyncio.run(load_then_terminate())
            code = server.process.wait(timeout=20)
            self.assertGreater(len(answered), 100)
            self.assertEqual(code, 0, open(server.log.name).read())
        finally:
            server.__exit__(None, None, None)


if __name__ == "__main__":
    unittest.main()
