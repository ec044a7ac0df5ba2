"""Nothing is lost or let in: two files never become one article, and what the importer cannot
take (links out of the folder, special files, unreadable folders) is reported, not skipped."""

import os
import socket

import pytest

from archive.ingest.pipeline import SOURCE_FILE_MAX, import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db

ONE = "Japan eyes Bac Ninh\nBac Ninh (VNA) – Japanese investors plan 120 million USD in Bac Ninh./."
TWO = "Korea eyes Hai Phong\nHai Phong (VNA) – Korean firms plan 500 million USD in Hai Phong./."
THREE = "Singapore eyes Da Nang\nDa Nang (VNA) – Singaporean funds plan a 300 million USD hub./."


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_identity_is_the_path_relative_to_the_folder_given(tmp_path):
    write(tmp_path / "news" / "2024" / "x.txt", ONE)
    write(tmp_path / "news" / "2025" / "x.txt", TWO)
    write(tmp_path / "news" / "top.txt", THREE)

    report = import_paths([tmp_path / "news"])

    assert report.counts["created"] == 3
    assert sorted(Article.objects.values_list("source_file", flat=True)) == [
        "2024/x.txt",
        "2025/x.txt",
        "top.txt",
    ]


def test_a_file_given_directly_is_its_name_and_the_same_article_as_from_its_folder(tmp_path):
    path = write(tmp_path / "news" / "top.txt", ONE)
    import_paths([tmp_path / "news"])

    report = import_paths([path])

    assert (report.counts["unchanged"], Article.objects.get().source_file) == (1, "top.txt")


def test_a_copy_of_a_file_under_another_name_is_the_same_article(tmp_path):
    write(tmp_path / "a" / "one.txt", ONE)
    import_paths([tmp_path / "a"])
    write(tmp_path / "b" / "copy-of-one.txt", ONE)

    report = import_paths([tmp_path / "b"])

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 1, "failed": 0}
    assert list(Article.objects.values_list("source_file", flat=True)) == ["one.txt"]


def test_two_files_claiming_one_identity_with_different_bytes_both_fail(tmp_path):
    first = write(tmp_path / "first" / "x.txt", ONE)
    second = write(tmp_path / "second" / "x.txt", TWO)
    write(tmp_path / "second" / "other.txt", THREE)

    report = import_paths([tmp_path / "first", tmp_path / "second"])

    assert report.counts == {"created": 1, "updated": 0, "unchanged": 0, "failed": 2}
    assert {f.path: f.reason for f in report.failures} == {
        first: f"another file of this import is also 'x.txt' with different contents: {second}",
        second: f"another file of this import is also 'x.txt' with different contents: {first}",
    }
    assert list(Article.objects.values_list("source_file", flat=True)) == ["other.txt"]


def test_two_files_claiming_one_identity_with_the_same_bytes_are_one_article(tmp_path):
    write(tmp_path / "first" / "x.txt", ONE)
    write(tmp_path / "second" / "x.txt", ONE)

    report = import_paths([tmp_path / "first", tmp_path / "second"])

    assert report.counts == {"created": 1, "updated": 0, "unchanged": 1, "failed": 0}


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    secret = write(tmp_path / "outside" / "secret.txt", TWO)
    write(tmp_path / "outside" / "more" / "more.txt", THREE)
    folder = tmp_path / "news"
    write(folder / "one.txt", ONE)
    (folder / "link.txt").symlink_to(secret)
    (folder / "linked-folder").symlink_to(tmp_path / "outside" / "more")

    report = import_paths([folder])

    assert sorted((f.path.name, f.reason) for f in report.failures) == [
        ("link.txt", f"symbolic link points outside {folder}"),
        ("linked-folder", f"symbolic link points outside {folder}"),
    ]
    assert list(Article.objects.values_list("source_file", flat=True)) == ["one.txt"]


def test_a_symbolic_link_inside_the_folder_is_the_file_it_points_to(tmp_path):
    folder = tmp_path / "news"
    real = write(folder / "one.txt", ONE)
    (folder / "alias.txt").symlink_to(real)
    (folder / "sub").symlink_to(folder)  # a loop, if it were followed

    report = import_paths([folder])

    assert (report.counts["created"], report.counts["unchanged"], report.failures) == (1, 1, [])


def test_special_files_and_folders_named_like_articles_are_failures(tmp_path):
    folder = tmp_path / "news"
    write(folder / "one.txt", ONE)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe")
    (folder / "folder.txt").mkdir()
    write(folder / "folder.txt" / "inner.txt", TWO)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "sock.txt"))
    try:
        report = import_paths([folder])
    finally:
        listener.close()

    assert sorted((f.path.name, f.reason) for f in report.failures) == [
        ("folder.txt", "a folder named like an article file"),
        ("pipe", "not a regular file (a named pipe)"),
        ("pipe.txt", "not a regular file (a named pipe)"),
        ("sock.txt", "not a regular file (a socket)"),
    ]
    assert sorted(Article.objects.values_list("source_file", flat=True)) == [
        "folder.txt/inner.txt",
        "one.txt",
    ]


def test_a_special_file_given_directly_is_a_failure(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")

    report = import_paths([tmp_path / "pipe.txt"])

    assert [f.reason for f in report.failures] == ["not a regular file (a named pipe)"]


def test_an_unreadable_subfolder_is_a_failure(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    write(folder / "one.txt", ONE)
    write(folder / "locked" / "two.txt", TWO)
    # Tests run as root, where chmod cannot lock a folder: fail the listing itself.
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    report = import_paths([folder])

    assert [(f.path, f.reason) for f in report.failures] == [
        (folder / "locked", "cannot read folder: Permission denied")
    ]
    assert report.counts["created"] == 1


def test_long_paths_fit_the_column_and_stay_distinct(tmp_path):
    deep = tmp_path / "news"
    for part in ("a" * 100, "b" * 100, "c" * 100):
        deep = deep / part
    write(deep / "one.txt", ONE)
    write(deep / "two.txt", TWO)

    report = import_paths([tmp_path / "news"])

    assert report.counts["created"] == 2
    names = list(Article.objects.values_list("source_file", flat=True))
    assert len(set(names)) == 2 and all(len(name) <= SOURCE_FILE_MAX for name in names)

    assert import_paths([tmp_path / "news"]).counts["unchanged"] == 2
