"""The files tests: a government office (the documents tests' fixture), and the storage backends
the same tests run over — the local disk, and S3-compatible object storage served over HTTP.

The S3 half prefers a real MinIO server (a `minio` binary on PATH, or ZHENGWU_TEST_S3_ENDPOINT
naming a running one); MinIO's server is not packaged on PyPI, Debian or npm (npm's `minio` is the
client), so without one it runs against moto's standalone S3 server (`moto[server]`), a real HTTP
S3 endpoint. With ZHENGWU_REQUIRE_S3=1 (CI) a missing backend fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from documents.conftest import make_office  # noqa: F401  (a seeded government office)
from web.conftest import app, client, clock, settings  # noqa: F401
from zhengwu import wiring
from zhengwu.files.storage import LocalStorage, S3Storage

ACCESS, SECRET = "zhengwu-test", "zhengwu-test-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("ZHENGWU_REQUIRE_S3") == "1":
        pytest.fail(f"S3 backend required (ZHENGWU_REQUIRE_S3=1) but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """(endpoint, label) of a running S3-compatible server for this session."""
    given = os.environ.get("ZHENGWU_TEST_S3_ENDPOINT")
    if given:
        yield given, "configured"
        return
    binary = shutil.which("minio")
    if binary:
        port = _free_port()
        env = {**os.environ, "MINIO_ROOT_USER": ACCESS, "MINIO_ROOT_PASSWORD": SECRET}
        server = subprocess.Popen([binary, "server", str(tmp_path_factory.mktemp("minio")), "--address",
                                   f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", "minio"
        server.terminate()
        server.wait(10)
        return
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:
        _unavailable(f"no MinIO server and no moto[server] ({exc})")
    # Port 0: the system picks a free port as the server binds it, so no other test worker can
    # take it between choosing and listening.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}", "moto"
    server.stop()


@pytest.fixture(autouse=True)
def wired():
    """The domains' answers on who may read and file each object (as every entry point does)."""
    wiring.install()


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    endpoint, _ = request.getfixturevalue("s3_endpoint")
    bucket = f"zhengwu-{uuid.uuid4().hex[:12]}"
    s3 = S3Storage(bucket, endpoint=endpoint, access_key=ACCESS, secret_key=SECRET)
    s3.client.create_bucket(Bucket=bucket)
    return s3
