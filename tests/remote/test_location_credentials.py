"""Store URLs and credentials: parsed and checked before any request, secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgraph.errors import StoreError
from reportgraph.rdf.remote.client import SparqlClient
from reportgraph.rdf.remote.credentials import Credentials, from_environment, redact
from reportgraph.rdf.remote.location import StoreURL, index_file, is_store_url

SECRET = "s3cr3t-t0ken-for-tests"


def test_urls_and_their_endpoints() -> None:
    url = StoreURL.parse("HTTPS://Graph.Example.org:8443/kb/")
    assert url.base == "https://graph.example.org:8443/kb"
    assert url.query == "https://graph.example.org:8443/kb/query"
    assert url.update.endswith("/kb/update") and url.graph_store.endswith("/kb/store")
    assert not url.loopback
    assert StoreURL.parse("http://127.0.0.1:7878").loopback
    assert StoreURL.parse("http://[::1]:7878").loopback
    assert StoreURL.parse("http://localhost:7878").loopback
    assert is_store_url("http://x:1") and is_store_url(" HTTPS://x")
    assert not is_store_url("graph/store") and not is_store_url(Path("http://x"))


@pytest.mark.parametrize(
    "text", ["ftp://host/x", "http://", "http://host:port", "http://host:1/x?a=1", "http://h/#f"]
)
def test_unusable_urls(text: str) -> None:
    with pytest.raises(StoreError) as caught:
        StoreURL.parse(text)
    assert caught.value.code == "RG347"


def test_credentials_in_the_url_are_refused_and_not_repeated() -> None:
    with pytest.raises(StoreError) as caught:
        StoreURL.parse(f"https://editor:{SECRET}@graph.example.org/")
    assert caught.value.code == "RG347"
    assert SECRET not in str(caught.value)
    with pytest.raises(StoreError) as caught:
        StoreURL.parse(f"https://editor:{SECRET}@graph.example.org:port/")
    assert SECRET not in str(caught.value)


def test_credentials_from_the_environment() -> None:
    assert from_environment({}) is None
    bearer = from_environment({"REPORTGRAPH_STORE_TOKEN": SECRET})
    assert bearer is not None and bearer.header() == f"Bearer {SECRET}"
    basic = from_environment(
        {"REPORTGRAPH_STORE_USER": "editor", "REPORTGRAPH_STORE_PASSWORD": SECRET}
    )
    assert basic is not None and basic.header().startswith("Basic ")
    for creds in (bearer, basic):
        assert SECRET not in repr(creds) and SECRET not in str(creds)
    with pytest.raises(StoreError) as caught:
        from_environment({"REPORTGRAPH_STORE_USER": "editor"})
    assert caught.value.code == "RG348"


def test_credentials_file_must_be_private(tmp_path: Path) -> None:
    path = tmp_path / "store.credentials"
    path.write_text(f"# the newsroom's store\ntoken = {SECRET}\n", encoding="utf-8")
    path.chmod(0o644)
    env = {"REPORTGRAPH_STORE_CREDENTIALS": str(path), "REPORTGRAPH_STORE_TOKEN": "other"}
    with pytest.raises(StoreError) as caught:
        from_environment(env)
    assert caught.value.code == "RG348" and SECRET not in str(caught.value)
    path.chmod(0o600)
    creds = from_environment(env)  # the file wins over the variable
    assert creds is not None and creds.header() == f"Bearer {SECRET}"
    path.write_text(f"user = editor\npassword = {SECRET}\n", encoding="utf-8")
    creds = from_environment(env)
    assert creds is not None and creds.kind == "basic" and creds.user == "editor"
    path.write_text(f"secret: {SECRET}\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        from_environment(env)
    assert caught.value.code == "RG348" and SECRET not in str(caught.value)


def test_no_credentials_in_clear_text_off_this_machine() -> None:
    creds = Credentials("bearer", secret=SECRET, origin="REPORTGRAPH_STORE_TOKEN")
    with pytest.raises(StoreError) as caught:
        SparqlClient(StoreURL.parse("http://graph.example.org:7878"), creds)
    assert caught.value.code == "RG348" and SECRET not in str(caught.value)
    client = SparqlClient(StoreURL.parse("http://127.0.0.1:7878"), creds)  # loopback: allowed
    assert SECRET not in repr(client)
    client.close()
    client = SparqlClient(StoreURL.parse("https://graph.example.org"), creds)
    client.close()


def test_redact() -> None:
    creds = Credentials("bearer", secret=SECRET)
    assert redact(f"echo: Bearer {SECRET} and {SECRET}", creds) == "echo: *** and ***"
    assert redact("nothing", None) == "nothing"


def test_claims_index_of_a_remote_store_is_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    a = index_file(StoreURL.parse("http://127.0.0.1:7878"))
    b = index_file(StoreURL.parse("http://127.0.0.1:7879/"))
    assert a is not None and b is not None and a != b
    assert a.parent == tmp_path / "cache" / "remote" and a.name.endswith(".index.db")
    assert index_file(StoreURL.parse("http://127.0.0.1:7878/")) == a
    monkeypatch.setenv("REPORTGRAPH_CACHE_DIR", "")
    assert index_file(StoreURL.parse("http://127.0.0.1:7878")) is None
