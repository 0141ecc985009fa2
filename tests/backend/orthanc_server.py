"""A real Orthanc PACS process with its DICOMweb plugin, for the PACS tests.

Orthanc comes from Debian's `orthanc` and `orthanc-dicomweb` packages (`make deploy-tools`
installs them on a root shell with apt-get); without them the tests skip and say so.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

PLUGIN_DIRS = (Path("/usr/share/orthanc/plugins"), Path("/usr/lib/orthanc"))
USERNAME = "rasharp"


def orthanc_binary() -> str | None:
    return shutil.which("Orthanc") or (
        "/usr/sbin/Orthanc" if Path("/usr/sbin/Orthanc").is_file() else None
    )


def dicomweb_plugin() -> Path | None:
    for folder in PLUGIN_DIRS:
        found = sorted(folder.glob("libOrthancDicomWeb.so*")) if folder.is_dir() else []
        if found:
            return found[0]
    return None


def missing_reason() -> str | None:
    if orthanc_binary() is None:
        return "Orthanc is not installed (apt-get install orthanc orthanc-dicomweb)"
    if dicomweb_plugin() is None:
        return "Orthanc's DICOMweb plugin is not installed (apt-get install orthanc-dicomweb)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OrthancServer:
    """Orthanc on free ports with its storage in ``folder``, HTTP basic authentication on."""

    def __init__(self, folder: Path, password: str):
        self.folder, self.password = folder, password
        self.http_port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dicomweb_url(self) -> str:
        return f"{self.url}/dicom-web"

    @property
    def auth(self) -> tuple[str, str]:
        return (USERNAME, self.password)

    def start(self, timeout: float = 60) -> None:
        config = {
            "Name": "rasharp-test-pacs",
            "StorageDirectory": str(self.folder / "storage"),
            "IndexDirectory": str(self.folder / "storage"),
            "HttpPort": self.http_port,
            "DicomServerEnabled": False,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": True,
            "RegisteredUsers": {USERNAME: self.password},
            "Plugins": [str(dicomweb_plugin())],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
        }
        path = self.folder / "orthanc.json"
        path.write_text(json.dumps(config))
        self.log = open(self.folder / "orthanc.log", "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [orthanc_binary(), str(path)], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{self.url}/system", auth=self.auth, timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Orthanc did not start:\n{(self.folder / 'orthanc.log').read_text()[-3000:]}"
                )
            time.sleep(0.2)

    def store(self, data: bytes) -> None:
        response = requests.post(f"{self.url}/instances", data=data, auth=self.auth, timeout=30)
        response.raise_for_status()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        self.log.close()
