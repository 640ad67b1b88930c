"""Reading a candidate's project safely: folders, archives and git repositories built here, hostile ones included."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import stat
import subprocess
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from vetml.errors import InvalidInput, PayloadTooLarge
from vetml.takehome import gitrepo
from vetml.takehome.ingest import Limits, Project, from_archive, from_folder, from_git, load

NEEDS_GIT = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary files of the code under test go inside tmp_path, and must all be gone afterwards."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == []


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def zip_bytes(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=method)
    return buffer.getvalue()


def tar_member(
    name: str, content: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = ""
) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.size = len(content) if kind == tarfile.REGTYPE else 0
    return info, content


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes]], compression: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}") as archive:
        for info, content in members:
            archive.addfile(info, io.BytesIO(content) if info.isreg() else None)
    return buffer.getvalue()


def archive(kind: str, files: dict[str, bytes]) -> bytes:
    """The same files as a zip or as a tar with the given compression ("tar", "tar.gz", ...)."""
    if kind == "zip":
        return zip_bytes(files)
    return tar_bytes([tar_member(name, data) for name, data in files.items()], kind.removeprefix("tar").strip("."))


def patch_central(content: bytes, name: str, offset: int, value: bytes) -> bytes:
    """Overwrite a field of one member's central directory record, as a crafted archive would."""
    data = bytearray(content)
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == name.encode():
            data[start + offset : start + offset + len(value)] = value
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(data)


# Folders


def test_a_folder_is_read_with_posix_paths_text_and_notebooks(tmp_path: Path) -> None:
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": ["import torch"]}], "nbformat": 4})
    root = write(
        tmp_path / "churn",
        {"README.md": "# Churn\n", "src/model/train.py": "print('fit')\n", "eda.ipynb": notebook, "empty.txt": ""},
    )
    project = from_folder(root)
    assert project.name == "churn"
    assert project.paths() == ["README.md", "eda.ipynb", "empty.txt", "src/model/train.py"]
    assert project.paths(".py") == ["src/model/train.py"]
    assert project.text("src/model/train.py") == "print('fit')\n"
    assert project.text("eda.ipynb") == notebook
    assert project.text("missing.py") is None
    train = project.files["src/model/train.py"]
    assert (train.size, train.binary, train.too_big) == (13, False, False)
    assert project.files["empty.txt"].text == ""
    assert project.skipped == [] and project.git_log == [] and project.removed_texts == {}


def test_random_bytes_named_py_are_binary(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(5000)
    project = from_folder(write(tmp_path / "p", {"model.py": junk, "weights.pt": b"\x00\x01" * 100}))
    for path in ("model.py", "weights.pt"):
        found = project.files[path]
        assert (found.binary, found.text, found.too_big) == (True, None, False)


def test_a_few_bad_bytes_keep_a_file_text_but_many_make_it_binary(tmp_path: Path) -> None:
    mostly_text = b"x = 1\n" * 200 + b"\xff\n"
    mostly_latin1 = "café résumé naïve ".encode("latin-1") * 50
    project = from_folder(write(tmp_path / "p", {"a.py": mostly_text, "b.txt": mostly_latin1}))
    assert project.text("a.py") is not None and "\ufffd" in project.text("a.py")
    assert project.files["b.txt"].binary


def test_files_over_the_file_limit_are_listed_but_not_read(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"data.csv": "a,b\n" * 100, "blob.bin": b"\x00" * 500, "ok.py": "x = 1\n"})
    project = from_folder(root, Limits(max_file_bytes=300))
    data, blob = project.files["data.csv"], project.files["blob.bin"]
    assert (data.size, data.text, data.too_big, data.binary) == (400, None, True, False)
    assert (blob.size, blob.text, blob.too_big, blob.binary) == (500, None, True, True)
    assert project.text("ok.py") == "x = 1\n"


def test_tool_and_dependency_folders_are_skipped_and_noted_once_each(tmp_path: Path) -> None:
    root = write(
        tmp_path / "p",
        {
            "app.py": "x = 1\n",
            "node_modules/left-pad/index.js": "module.exports = 1\n",
            "web/node_modules/react/index.js": "x\n",
            ".venv/lib/site.py": "x\n",
            "venv/bin/activate": "x\n",
            "src/__pycache__/app.cpython-311.pyc": b"\x00",
            ".git/config": "[core]\n",
            ".mypy_cache/x.json": "{}",
            ".pytest_cache/v": "x",
            ".tox/py/x": "x",
        },
    )
    project = from_folder(root)
    assert project.paths() == ["app.py"]
    assert sorted(project.skipped) == sorted(
        [
            "node_modules/ (vendored dependencies) not read",
            ".venv/ (virtual environment) not read",
            "venv/ (virtual environment) not read",
            "__pycache__/ (compiled Python) not read",
            ".git/ (git metadata) not read",
            ".mypy_cache/ (type checker cache) not read",
            ".pytest_cache/ (test cache) not read",
            ".tox/ (test environments) not read",
        ]
    )


def test_links_are_never_followed_out_of_the_project_nor_read_twice(tmp_path: Path) -> None:
    secret = write(tmp_path / "elsewhere", {"id_rsa": "PRIVATE KEY\n", "lib/x.py": "SECRET = 1\n"})
    root = write(tmp_path / "p", {"src/real.py": "x = 1\n"})
    (root / "alias.py").symlink_to(root / "src" / "real.py")
    (root / "key").symlink_to(secret / "id_rsa")
    (root / "vendored").symlink_to(secret / "lib", target_is_directory=True)
    (root / "relative").symlink_to(Path("..") / "elsewhere" / "id_rsa")
    (root / "dangling").symlink_to(root / "nowhere.py")
    project = from_folder(root)
    assert project.paths() == ["src/real.py"]
    assert all("PRIVATE" not in (found.text or "") for found in project.files.values())
    notes = "\n".join(project.skipped)
    assert "alias.py: a link to src/real.py inside the project; read there, not twice" in notes
    for name in ("key", "vendored", "relative"):
        assert f"{name}: a link pointing outside the project; not followed" in notes
    assert "dangling: a link to a missing file; not read" in notes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_a_folder_is_skipped_without_blocking(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"a.py": "x\n"})
    os.mkfifo(root / "pipe")
    project = from_folder(root)
    assert project.paths() == ["a.py"]
    assert project.skipped == ["pipe: a device file, FIFO or socket; not read"]


def test_a_folder_with_too_many_files_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {f"f{index}.py": "x\n" for index in range(6)})
    with pytest.raises(InvalidInput, match="more than 5 files"):
        from_folder(root, Limits(max_files=5))


def test_a_folder_over_the_total_size_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"a.csv": "x" * 600, "b.csv": "y" * 600})
    with pytest.raises(PayloadTooLarge, match="add up to more than 1,000 bytes"):
        from_folder(root, Limits(max_total_bytes=1000))


def test_folders_nested_too_deep_are_noted_not_read(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"a/b/ok.py": "x\n", "a/b/c/deep.py": "x\n"})
    project = from_folder(root, Limits(max_depth=2))
    assert project.paths() == ["a/b/ok.py"]
    assert project.skipped == ["a/b/c/ is nested more than 2 folders deep; not read"]


def test_an_empty_folder_or_a_missing_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty" / "node_modules").mkdir(parents=True)
    with pytest.raises(InvalidInput, match="the folder holds no files that could be read"):
        from_folder(tmp_path / "empty")
    with pytest.raises(InvalidInput, match="is not a folder"):
        from_folder(tmp_path / "missing")


def test_thousands_of_notebooks_are_read_without_any_subprocess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    notebook = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    for folder in range(50):
        (root / f"nb{folder:02}").mkdir(parents=True)
        for index in range(100):
            (root / f"nb{folder:02}" / f"n{index:03}.ipynb").write_text(notebook)

    def no_subprocess(*args: object, **kwargs: object) -> None:
        raise AssertionError("reading a folder must not start processes")

    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    project = from_folder(root)
    assert len(project.paths(".ipynb")) == 5000
    assert all(found.text == notebook for found in project.files.values())


# Archives


def test_a_zip_is_read_in_memory_without_its_wrapping_folder() -> None:
    content = zip_bytes({"churn-main/README.md": b"# Churn\n", "churn-main/src/train.py": b"fit()\n"})
    project = from_archive(content, "churn-main.zip")
    assert project.name == "churn-main"
    assert project.paths() == ["README.md", "src/train.py"]
    assert project.text("src/train.py") == "fit()\n"


@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz"])
def test_every_tar_flavour_is_read_and_named_by_its_bytes_not_its_name(compression: str) -> None:
    content = tar_bytes([tar_member("README.md", b"# Hi\n"), tar_member("src/a.py", b"a = 1\n")], compression)
    project = from_archive(content, "misnamed.zip")
    assert project.name == "misnamed"
    assert project.paths() == ["README.md", "src/a.py"]
    assert project.text("src/a.py") == "a = 1\n"


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_members_pointing_outside_the_project_are_skipped_and_nothing_is_written(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    bad = ["../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "D:evil.txt", "src\\..\\..\\evil.txt", "ok/../../evil.txt"]
    project = from_archive(archive(kind, dict.fromkeys(bad, b"pwned") | {"ok.py": b"x = 1\n"}), f"p.{kind}")
    assert project.paths() == ["ok.py"]
    assert len(project.skipped) == len(bad)
    assert all("points outside the project" in note for note in project.skipped)
    assert not list(tmp_path.rglob("evil.txt"))
    assert not Path("/tmp/evil.txt").exists()


def test_an_archive_with_many_escaping_names_is_refused_as_crafted() -> None:
    content = zip_bytes({f"../evil{index}.txt": b"x" for index in range(11)} | {"ok.py": b"x\n"})
    with pytest.raises(InvalidInput, match="more than 10 entries of the archive point outside it"):
        from_archive(content, "p.zip")


def test_links_and_special_entries_in_a_tar_are_skipped_and_noted() -> None:
    content = tar_bytes(
        [
            tar_member("ok.py", b"x = 1\n"),
            tar_member("passwd", kind=tarfile.SYMTYPE, link="/etc/passwd"),
            tar_member("hard", kind=tarfile.LNKTYPE, link="ok.py"),
            tar_member("pipe", kind=tarfile.FIFOTYPE),
            tar_member("tty", kind=tarfile.CHRTYPE),
        ]
    )
    project = from_archive(content, "p.tar")
    assert project.paths() == ["ok.py"]
    assert project.skipped == [
        "passwd: a link inside the archive; not followed",
        "hard: a link inside the archive; not followed",
        "pipe: a device file, FIFO or other special entry; not read",
        "tty: a device file, FIFO or other special entry; not read",
    ]


def test_a_symlink_in_a_zip_is_skipped_and_noted() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("key")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/home/user/.ssh/id_rsa")
        archive.writestr("ok.py", "x = 1\n")
    project = from_archive(buffer.getvalue(), "p.zip")
    assert project.paths() == ["ok.py"]
    assert project.skipped == ["key: a link inside the archive; not followed"]


def test_a_zip_bomb_is_refused_from_its_declared_sizes() -> None:
    content = zip_bytes({"ok.py": b"x\n", "zeros.bin": bytes(2 * 1024 * 1024)})
    with pytest.raises(InvalidInput, match=r"the archive expands zeros\.bin to [\d,]+ times .* like a zip bomb"):
        from_archive(content, "p.zip")


def test_a_tar_gz_bomb_is_refused_while_decompressing() -> None:
    content = tar_bytes([tar_member("zeros.bin", bytes(5 * 1024 * 1024))], "gz")
    with pytest.raises(InvalidInput, match=r"the archive expands to more than 200 times .* like a zip bomb"):
        from_archive(content, "p.tar.gz")


def test_a_tar_header_bigger_than_the_project_may_be_is_refused() -> None:
    content = tar_bytes([tar_member("a" * 20_000 + ".py", b"x = 1\n")], "gz")
    with pytest.raises(PayloadTooLarge, match="the archive expands to more than"):
        from_archive(content, "p.tar", Limits(max_total_bytes=1000, max_files=2))


def test_a_zip_member_lying_about_its_size_yields_no_more_than_it_declared() -> None:
    real = b"API_KEY = 'x'\n" * 5000
    honest = zip_bytes({"ok.py": b"x\n", "liar.py": real})
    crc = zlib.crc32(real[:10]).to_bytes(4, "little")
    liar = patch_central(patch_central(honest, "liar.py", 24, (10).to_bytes(4, "little")), "liar.py", 16, crc)
    project = from_archive(liar, "p.zip", Limits(max_file_bytes=1000))
    assert project.files["liar.py"].size == 10
    assert project.text("liar.py") == real[:10].decode()
    with pytest.raises(InvalidInput, match="the archive could not be read"):
        from_archive(patch_central(honest, "liar.py", 24, (10).to_bytes(4, "little")), "p.zip")


def test_archive_members_over_the_file_limit_are_listed_but_not_read() -> None:
    content = zip_bytes({"ok.py": b"x\n", "data.csv": b"a,b\n" * 500})
    project = from_archive(content, "p.zip", Limits(max_file_bytes=1000))
    data = project.files["data.csv"]
    assert (data.size, data.text, data.too_big, data.binary) == (2000, None, True, False)


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_an_archive_over_the_total_size_is_refused(kind: str) -> None:
    content = archive(kind, {"a.csv": b"x" * 600, "b.csv": b"y" * 600})
    with pytest.raises(PayloadTooLarge, match="add up to more than 1,000 bytes"):
        from_archive(content, f"p.{kind}", Limits(max_total_bytes=1000))


def test_nested_archives_are_listed_as_binary_and_not_expanded() -> None:
    inner_zip = zip_bytes({"inner.py": b"x = 1\n"}, zipfile.ZIP_STORED)
    inner_tar = tar_bytes([tar_member("inner2.py", b"y = 2\n")], "gz")
    project = from_archive(zip_bytes({"data/inner.zip": inner_zip, "inner.tgz": inner_tar, "a.py": b"\n"}), "p.zip")
    assert project.paths() == ["a.py", "data/inner.zip", "inner.tgz"]
    for path in ("data/inner.zip", "inner.tgz"):
        assert project.files[path].binary and project.text(path) is None


def test_a_macos_zip_keeps_its_root_folder_stripped() -> None:
    content = zip_bytes({"p/README.md": b"#\n", "p/a.py": b"x\n", "__MACOSX/p/._a.py": b"\x00\x05\x16\x07"})
    project = from_archive(content, "Archive.zip")
    assert (project.name, project.paths()) == ("p", ["README.md", "a.py"])
    assert project.skipped == ["__MACOSX/ (macOS archive metadata) not read"]


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_an_archive_with_too_many_files_is_refused(kind: str) -> None:
    content = archive(kind, {f"f{index}.py": b"x\n" for index in range(4)})
    with pytest.raises(InvalidInput, match="more than 3 files"):
        from_archive(content, "p", Limits(max_files=3))


def test_an_archive_full_of_empty_entries_is_refused_before_reading_them() -> None:
    content = tar_bytes(
        [tar_member(f"d{index}/", kind=tarfile.DIRTYPE) for index in range(20)] + [tar_member("a", b"")]
    )
    with pytest.raises(InvalidInput, match="more than 5 files"):
        from_archive(content, "p.tar", Limits(max_files=5))


def test_archive_members_nested_too_deep_are_noted() -> None:
    content = zip_bytes({"README.md": b"#\n", "a/b/ok.py": b"x\n", "a/b/c/deep.py": b"x\n"})
    project = from_archive(content, "p.zip", Limits(max_depth=2))
    assert project.paths() == ["README.md", "a/b/ok.py"]
    assert project.skipped == ["a/b/c/deep.py is nested more than 2 folders deep; not read"]


def test_encrypted_zip_members_are_skipped_and_noted() -> None:
    content = zip_bytes({"ok.py": b"x\n", "secret.py": b"KEY = 1\n"})
    project = from_archive(patch_central(content, "secret.py", 8, b"\x01\x00"), "p.zip")
    assert project.paths() == ["ok.py"]
    assert project.skipped == ["secret.py: encrypted; not read"]


def test_duplicate_names_in_a_tar_keep_the_last_copy_and_say_so() -> None:
    content = tar_bytes([tar_member("a.py", b"first\n"), tar_member("a.py", b"second\n")])
    project = from_archive(content, "p.tar")
    assert project.text("a.py") == "second\n"
    assert project.skipped == ["a.py appears more than once; the last copy is kept"]


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (zip_bytes({"a.py": b"x = 1\n" * 100})[:60], "the archive could not be read"),
        (b"PK\x03\x04" + bytes(200), "the archive could not be read"),
        (tar_bytes([tar_member("a.py", random.Random(1).randbytes(50_000))], "gz")[:2000], "could not be read"),
        (PNG, "the file is a PNG image, not a zip or tar archive"),
        (b"print('hello')\n", "the file is plain text, not a zip or tar archive"),
        (random.Random(2).randbytes(600).replace(b"\x00", b"\x01"), "the file is not a zip or tar archive"),
        (zlib.compress(b"x"), "the file is not a zip or tar archive"),
        (zip_bytes({}), "the archive holds no files that could be read"),
        (tar_bytes([]), "the archive holds no files that could be read"),
        (b"", "the archive is empty"),
    ],
    ids=[
        "truncated-zip",
        "corrupt-zip",
        "truncated-tgz",
        "png",
        "text",
        "random",
        "zlib",
        "empty-zip",
        "empty-tar",
        "0b",
    ],
)
def test_unreadable_or_wrong_uploads_are_refused_with_a_reason(content: bytes, phrase: str) -> None:
    with pytest.raises(InvalidInput, match=phrase):
        from_archive(content, "project.zip")


def test_a_gzip_file_without_a_tar_inside_is_refused() -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as compressed:
        compressed.write(b"a,b\n1,2\n" * 100)
    with pytest.raises(InvalidInput, match="the gzip file does not hold a tar archive"):
        from_archive(buffer.getvalue(), "data.tar.gz")


def test_an_archive_whose_files_are_all_left_out_says_why() -> None:
    content = zip_bytes({"../evil.py": b"x", "node_modules/a.js": b"x"})
    with pytest.raises(InvalidInput) as caught:
        from_archive(content, "p.zip")
    assert "holds no files" in caught.value.message
    assert "node_modules/ (vendored dependencies) not read" in caught.value.details


# Git repositories

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True)
    return done.stdout


def repository(root: Path) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    write(root, {"README.md": "# Model\n", "train.py": "LR = 0.1\n"})
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Start the project")
    write(root, {"config.py": "AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n"})
    git(root, "add", "config.py")
    git(root, "commit", "--quiet", "-m", "Add config\n\nWith the key for now.")
    (root / "config.py").unlink()
    write(root, {"train.py": "import os\nLR = float(os.environ['LR'])\n"})
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Read settings from the environment")
    return root


@NEEDS_GIT
def test_a_folder_with_git_reads_the_working_tree_and_what_history_removed(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo")
    write(root, {"notes.txt": "not committed\n"})
    project = load(root)
    assert project.paths() == ["README.md", "notes.txt", "train.py"]
    assert [commit.message for commit in project.git_log] == [
        "Read settings from the environment",
        "Add config\n\nWith the key for now.",
        "Start the project",
    ]
    newest = project.git_log[0]
    assert sorted(newest.files) == ["config.py", "train.py"]
    assert newest.sha == git(root, "rev-parse", "HEAD").strip()
    assert newest.author_time.tzinfo is not None
    assert project.removed_texts == {
        f"{newest.sha[:12]}^:config.py": "AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n",
        f"{newest.sha[:12]}^:train.py": "LR = 0.1\n",
    }
    assert ".git/ (git metadata) not read" in project.skipped


@NEEDS_GIT
@pytest.mark.parametrize("as_url", [False, True])
def test_from_git_reads_the_latest_commit_not_the_working_tree(tmp_path: Path, as_url: bool) -> None:
    root = repository(tmp_path / "model.git")
    write(root, {"notes.txt": "not committed\n"})
    source = root.as_uri() if as_url else str(root)
    project = from_git(source)
    assert project.name == "model"
    assert project.paths() == ["README.md", "train.py"]
    assert project.text("train.py") == "import os\nLR = float(os.environ['LR'])\n"
    assert len(project.git_log) == 3
    assert any("AWS_SECRET_ACCESS_KEY" in text for text in project.removed_texts.values())


@NEEDS_GIT
def test_hooks_filters_and_config_of_the_candidates_repository_never_run(tmp_path: Path) -> None:
    root = repository(tmp_path / "hostile")
    marker = tmp_path / "pwned"
    script = f"#!/bin/sh\ntouch '{marker}'\ncat\n"
    hooks = root / ".git" / "hooks"
    for name in ("post-checkout", "reference-transaction", "post-index-change", "fsmonitor"):
        (hooks / name).write_text(script)
        (hooks / name).chmod(0o755)
    write(root, {".gitattributes": "* filter=evil diff=evil\n"})
    git(root, "add", ".gitattributes")
    git(root, "commit", "--quiet", "-m", "Attributes")
    command = f"sh -c 'touch {marker}; cat'"
    for key, value in [
        ("filter.evil.smudge", command),
        ("filter.evil.clean", command),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", command),
        ("core.hooksPath", str(hooks)),
        ("core.fsmonitor", str(hooks / "fsmonitor")),
        ("core.pager", command),
        ("uploadpack.packObjectsHook", command),
    ]:
        subprocess.run(["git", "config", key, value], cwd=root, env=GIT_ENV, check=True)
    subprocess.run([hooks / "post-checkout"], check=True, input=b"")
    assert marker.exists(), "the hook would leave a marker when run"
    marker.unlink()

    folder = load(root)
    repo = from_git(str(root))
    assert not marker.exists()
    assert folder.text("train.py") == repo.text("train.py") == "import os\nLR = float(os.environ['LR'])\n"
    assert len(repo.git_log) == 4


@NEEDS_GIT
def test_gitattributes_can_neither_hide_nor_rewrite_committed_files(tmp_path: Path) -> None:
    root = repository(tmp_path / "sly")
    attributes = "config.py export-ignore\nversion.txt export-subst\n*.txt eol=crlf\n"
    write(root, {".gitattributes": attributes, "config.py": "TOKEN = 'x'\n", "version.txt": "$Format:%H$\n"})
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Hide the config")
    project = from_git(str(root))
    assert project.text("config.py") == "TOKEN = 'x'\n"
    assert project.text("version.txt") == "$Format:%H$\n"


@NEEDS_GIT
@pytest.mark.parametrize(
    ("source", "allow_network", "phrase"),
    [
        ("--upload-pack=touch /tmp/x", False, "cannot start with '-'"),
        ("ext::sh -c touch% /tmp/x", True, "the git transport 'ext::' is not allowed"),
        ("fd::7", True, "the git transport 'fd::' is not allowed"),
        ("https://example.test/candidate/model.git", False, "needs network access, which is off"),
        ("git@example.test:candidate/model.git", False, "needs network access, which is off"),
        ("ssh://example.test/model.git", True, "only https:// remote repositories"),
        ("http://example.test/model.git", True, "only https:// remote repositories"),
        ("file://example.test/srv/model.git", False, "must point at this machine"),
        ("no/such/folder", False, "there is no folder with a git repository"),
        ("", False, "empty or holds control characters"),
    ],
)
def test_dangerous_or_remote_git_sources_are_refused(source: str, allow_network: bool, phrase: str) -> None:
    with pytest.raises(InvalidInput, match=phrase):
        from_git(source, allow_network=allow_network)


@NEEDS_GIT
def test_a_remote_url_through_load_needs_network_access() -> None:
    with pytest.raises(InvalidInput) as caught:
        load("https://example.test/candidate/model.git")
    assert caught.value.message == "reading a remote repository needs network access, which is off"
    assert "allow_network=True" in caught.value.hint


@NEEDS_GIT
def test_git_output_past_the_project_limit_is_cut_off(tmp_path: Path) -> None:
    root = repository(tmp_path / "big")
    write(root, {"data.csv": "1,2,3\n" * 2000})
    git(root, "add", "data.csv")
    git(root, "commit", "--quiet", "-m", "Add data")
    with pytest.raises(PayloadTooLarge, match="reading the latest commit gave more than"):
        from_git(str(root), Limits(max_total_bytes=1000, max_files=1))


@NEEDS_GIT
def test_a_git_command_that_runs_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path / "slow")
    monkeypatch.setattr(gitrepo, "GIT_TIMEOUT", 0.001)
    with pytest.raises(InvalidInput, match="cloning the repository took longer than"):
        from_git(str(root))


@NEEDS_GIT
def test_an_empty_repository_has_no_commits_to_read(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "--quiet")
    write(root, {"draft.py": "x = 1\n"})
    with pytest.raises(InvalidInput, match="the repository has no commits"):
        from_git(str(root))
    project = load(root)
    assert (project.paths(), project.git_log, project.removed_texts) == (["draft.py"], [], {})


def test_a_git_file_pointing_elsewhere_is_not_followed(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"a.py": "x\n", ".git": f"gitdir: {tmp_path / 'other'}\n"})
    project = load(root)
    assert project.git_log == []
    assert ".git is a link or a file pointing elsewhere; git history not read" in project.skipped


def test_an_empty_source_is_refused_rather_than_read_as_the_current_folder() -> None:
    with pytest.raises(InvalidInput, match="no project given"):
        load("  ")


def test_load_reads_an_archive_file_by_its_bytes(tmp_path: Path) -> None:
    upload = tmp_path / "upload.bin"
    upload.write_bytes(tar_bytes([tar_member("a.py", b"x = 1\n")], "xz"))
    project: Project = load(upload)
    assert project.paths() == ["a.py"]
    assert project.name == "upload.bin"
