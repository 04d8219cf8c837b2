"""The validated-catalog cache: hits skip validation, any change or damage revalidates."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import mlhire_calc.datafiles.reader
from mlhire_calc.datafiles import cache
from mlhire_calc.datafiles.load import _load_catalog, load_catalog
from mlhire_calc.domain.catalog import plain


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLHIRE_CACHE_DIR", str(folder))
    _load_catalog.cache_clear()
    return folder


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated although the cache had the catalog")

    monkeypatch.setattr(mlhire_calc.datafiles.reader, "validate_file", refuse)


def test_round_trip_is_exact() -> None:
    catalog = load_catalog()
    again = cache.from_json(cache.to_json(catalog))
    assert again == catalog and plain(again) == plain(catalog)  # the same classes and the same figures


def test_second_run_is_served_from_the_cache(
    fresh: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_catalog(data_copy)
    assert len(list(fresh.glob(cache.PREFIX + "*.json"))) == 1
    _load_catalog.cache_clear()
    _no_validation(monkeypatch)
    second = load_catalog(data_copy)
    assert plain(second) == plain(first) and second.directory == data_copy.resolve()


def test_an_edited_file_is_validated_again(
    fresh: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog(data_copy)
    paths = data_copy / "paths.yaml"
    paths.write_text(paths.read_text().replace("amount: 13500", "amount: 12000"))
    _load_catalog.cache_clear()
    catalog = load_catalog(data_copy)
    assert catalog.paths["embedded"].items[0].amount == 12000
    paths.write_text(paths.read_text().replace("amount: 12000", "amount: -1"))
    _load_catalog.cache_clear()
    with pytest.raises(Exception, match="must not be negative"):
        load_catalog(data_copy)


@pytest.mark.parametrize("damage", ["", "{not json", '{"__t": "os.system"}', '{"__t": "Catalog", "x": 1}'])
def test_a_damaged_cache_only_means_validating_again(fresh: Path, data_copy: Path, damage: str) -> None:
    expected = load_catalog(data_copy)
    for entry in fresh.glob(cache.PREFIX + "*.json"):
        entry.write_text(damage)
    _load_catalog.cache_clear()
    assert plain(load_catalog(data_copy)) == plain(expected)


def test_no_cache_and_an_unwritable_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_copy: Path
) -> None:
    monkeypatch.setenv("MLHIRE_NO_CACHE", "1")
    assert cache.directory() is None
    _load_catalog.cache_clear()
    load_catalog(data_copy)
    monkeypatch.delenv("MLHIRE_NO_CACHE")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("MLHIRE_CACHE_DIR", str(blocker / "cache"))
    _load_catalog.cache_clear()
    assert load_catalog(data_copy).fingerprint  # runs without a cache


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(cache.PREFIX + "*.json"))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda text: text.replace("13500", "12"),  # the embedded fee, digest left as it was
        lambda text: text.replace('"sha256":"', '"sha256":"0'),
        lambda text: text[: len(text) // 2],
        lambda text: '{"sha256": "x", "catalog": 1}',
        lambda text: "\udcff".encode("utf-8", "surrogatepass").decode("latin-1"),
    ],
    ids=["edited figure", "edited digest", "truncated", "wrong types", "not utf-8"],
)
def test_a_tampered_entry_is_ignored_and_rewritten(fresh: Path, data_copy: Path, tamper) -> None:  # type: ignore[no-untyped-def]
    expected = load_catalog(data_copy)
    (entry,) = _entries(fresh)
    entry.write_text(tamper(entry.read_text(encoding="utf-8")), encoding="latin-1")
    _load_catalog.cache_clear()
    again = load_catalog(data_copy)
    assert plain(again) == plain(expected)
    assert again.paths["embedded"].items[0].amount == 13500
    assert cache.load(expected.fingerprint, data_copy) is not None  # rewritten from the YAML


def test_the_folder_is_private_and_checked(fresh: Path, data_copy: Path) -> None:
    load_catalog(data_copy)
    assert fresh.stat().st_mode & 0o777 == 0o700
    fresh.chmod(0o777)  # another local user could plant entries here
    assert not cache.trusted(fresh)
    assert cache.load(load_catalog(data_copy).fingerprint, data_copy) is None


def test_a_symlinked_folder_or_entry_is_not_followed(fresh: Path, data_copy: Path, tmp_path: Path) -> None:
    expected = load_catalog(data_copy)
    (entry,) = _entries(fresh)
    body = entry.read_text()
    entry.unlink()
    entry.symlink_to("/dev/zero")
    _load_catalog.cache_clear()
    assert cache.load(expected.fingerprint, data_copy) is None
    entry.unlink()
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (real / entry.name).write_text(body)
    linked = tmp_path / "linked-cache"
    linked.symlink_to(real)
    assert not cache.trusted(linked)


def test_pruning_touches_only_the_caches_own_entries(
    fresh: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh.mkdir(mode=0o700)
    mine = [fresh / "catalog-budget-2027.json", fresh / "notes.json", fresh / "mlhire-catalog-v2-mine.json"]
    for path in mine:
        path.write_text("{}")
    monkeypatch.setattr(cache, "KEEP", 1)
    load_catalog(data_copy)
    paths = data_copy / "paths.yaml"
    paths.write_text(paths.read_text().replace("amount: 13500", "amount: 12000"))
    _load_catalog.cache_clear()
    load_catalog(data_copy)
    assert len(_entries(fresh)) == 1 + 1  # the newest entry, and the user's look-alike name
    assert all(path.exists() for path in mine)


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, "~/.cache/mlhire"),
        ("linux", {"XDG_CACHE_HOME": ""}, "~/.cache/mlhire"),
        ("linux", {"XDG_CACHE_HOME": "  "}, "~/.cache/mlhire"),
        ("linux", {"XDG_CACHE_HOME": "relative/cache"}, "~/.cache/mlhire"),  # the XDG rule: absolute only
        ("linux", {"XDG_CACHE_HOME": "/srv/cache"}, "/srv/cache/mlhire"),
        ("freebsd14", {"XDG_CACHE_HOME": "/srv/cache"}, "/srv/cache/mlhire"),
        ("darwin", {}, "~/Library/Caches/mlhire"),
        ("darwin", {"XDG_CACHE_HOME": "/srv/cache"}, "/srv/cache/mlhire"),  # as platformdirs 4 does
        ("win32", {"LOCALAPPDATA": "/users/me/local"}, "/users/me/local/mlhire/Cache"),
        ("win32", {}, "~/AppData/Local/mlhire/Cache"),
    ],
)
def test_the_cache_folder_is_the_systems_user_cache(
    monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str], expected: str
) -> None:
    from mlhire_calc.datafiles.cache import directory

    for name in ("MLHIRE_CACHE_DIR", "MLHIRE_NO_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert directory() == Path(os.path.expanduser(expected))


def test_the_code_stamp_covers_every_module_that_shapes_a_catalog() -> None:
    """A module added to domain/ or datafiles/ (file_types.py, limits.py) is in the stamp
    without being listed: a change to any of them makes every entry stale."""
    package = Path(cache.__file__).parents[1]
    stamped = {f"{path.parent.name}/{path.name}" for path in cache.code_files()}
    for folder in ("domain", "datafiles"):
        assert {f"{folder}/{path.name}" for path in (package / folder).glob("*.py")} <= stamped
    assert {"domain/file_types.py", "domain/limits.py", "datafiles/contract.py"} <= stamped


def test_a_change_to_a_stamped_module_makes_the_entries_stale(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    modules = []
    for name in ("file_types.py", "catalog.py"):
        module = tmp_path / "domain" / name
        module.parent.mkdir(exist_ok=True)
        module.write_text("# one version\n")
        modules.append(module)
    monkeypatch.setattr(cache, "code_files", lambda: modules)
    before = cache._code_stamp()
    modules[0].write_text("# another version, longer\n")
    assert cache._code_stamp() != before
