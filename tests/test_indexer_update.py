"""Full and incremental reindexing on real on-disk indexes."""

import shutil
from contextlib import nullcontext

import pytest

from corpus import samples_path
from indexer import IndexStore, ReindexBusy, SearchRequest, SearchService, reindex

DAGENS = "000_114527e8b27bd392.txt"


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(samples_path(), folder)
    return folder


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


def counts(report):
    return report.added, report.updated, report.deleted, report.unchanged


def total(service, q):
    return service.search(SearchRequest(q=q)).total


def test_first_reindex_adds_every_article(articles, index_dir):
    report = reindex(index_dir, [articles])
    assert counts(report) == (5, 0, 0, 0)
    assert report.articles == 5 and report.full and report.rejected == []


def test_second_reindex_skips_unchanged_inputs(articles, index_dir):
    reindex(index_dir, [articles])
    report = reindex(index_dir, [articles])
    assert counts(report) == (0, 0, 0, 5)
    assert not report.full


def test_changed_input_is_rewritten_and_a_running_service_sees_it(articles, index_dir):
    reindex(index_dir, [articles])
    service = SearchService(index_dir)
    assert total(service, "zebraology") == 0
    page = articles / DAGENS
    page.write_text(page.read_text("utf-8").replace("Marxist ideology", "Marxist zebraology"), "utf-8")
    assert counts(reindex(index_dir, [articles])) == (0, 1, 0, 4)
    assert total(service, "zebraology") == 1
    assert total(service, "Kursk") == 5  # the update replaced the article, no duplicate


def test_removed_input_is_deleted(articles, index_dir):
    reindex(index_dir, [articles])
    (articles / DAGENS).unlink()
    assert counts(reindex(index_dir, [articles])) == (0, 0, 1, 4)
    assert total(SearchService(index_dir), "Thongloun") == 0


def test_reindexing_another_folder_keeps_the_first(articles, index_dir, tmp_path):
    reindex(index_dir, [articles])
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.txt").write_text(
        "Zanzibar ferry schedules change\n\n"
        "The ferry company said on Monday that winter schedules will start a week early this year.\n\n"
        "Passengers were told to check the new timetable before they travel to the islands.\n",
        "utf-8",
    )
    report = reindex(index_dir, [other])
    assert counts(report) == (1, 0, 0, 0)
    assert report.articles == 6


def test_a_broken_input_keeps_its_previous_article_and_stops_nothing(articles, index_dir):
    reindex(index_dir, [articles])
    (articles / DAGENS).write_bytes(b"\x00\xff\xfe binary \x00" * 100)
    report = reindex(index_dir, [articles])
    assert [r.path for r in report.rejected] == [str(articles / DAGENS)]
    assert report.rejected[0].reason
    assert counts(report) == (0, 0, 0, 4)
    assert total(SearchService(index_dir), "Thongloun") == 1


def test_full_rebuild_swaps_generations_while_old_readers_keep_answering(articles, index_dir):
    reindex(index_dir, [articles])
    store = IndexStore(index_dir)
    before = store.live_generation()
    service = SearchService(index_dir)
    assert total(service, "Kursk") == 5
    old_searcher = store.open().searcher()
    (articles / DAGENS).unlink()
    report = reindex(index_dir, [articles], full=True)
    assert report.full and counts(report) == (0, 0, 1, 4)
    assert store.live_generation() != before
    assert old_searcher.doc_count() == 5  # a reader of the old generation is not disturbed
    assert total(service, "Kursk") == 4  # the service switched to the new generation
    old_searcher.close()


def test_old_generations_are_pruned(articles, index_dir):
    for _ in range(4):
        reindex(index_dir, [articles], full=True)
    assert len(list(index_dir.glob("gen-*"))) <= 2


def test_publishing_keeps_the_previous_generation_and_drops_a_crashed_build(articles, index_dir):
    store = IndexStore(index_dir)
    reindex(index_dir, [articles], full=True)
    previous = store.live_generation()
    crashed, _ = store.create_generation()  # a build killed before it was published
    reindex(index_dir, [articles], full=True)
    assert sorted(index_dir.glob("gen-*")) == sorted([previous, store.live_generation()])
    assert not crashed.exists()


def test_a_second_writer_is_refused(articles, index_dir):
    reindex(index_dir, [articles])
    with IndexStore(index_dir).writing():
        with pytest.raises(ReindexBusy, match="another reindex"):
            reindex(index_dir, [articles])
    assert counts(reindex(index_dir, [articles])) == (0, 0, 0, 5)


def test_progress_counts_every_input_byte_and_article(articles, index_dir):
    sizes, steps = [], []

    def progress(size):
        sizes.append(size)
        return nullcontext(lambda done, read: steps.append((done, read)))

    reindex(index_dir, [articles], progress=progress)
    inputs = [p for p in articles.iterdir() if p.suffix == ".txt"]
    assert sizes == [sum(p.stat().st_size for p in inputs)]
    assert sum(done for done, _ in steps) == sizes[0]
    assert [read for _, read in steps] == [1, 2, 3, 4, 5]  # articles read after each input


def test_same_url_twice_is_reported_not_indexed_twice(articles, index_dir, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(articles, twin)
    report = reindex(index_dir, [articles, twin])
    assert report.articles == 5
    assert len(report.rejected) == 5
    assert all("same URL" in r.reason for r in report.rejected)


def test_reading_in_several_processes_gives_the_same_index(articles, tmp_path):
    one = reindex(tmp_path / "one", [articles])
    two = reindex(tmp_path / "two", [articles], workers=2)
    assert counts(one) == counts(two) and one.articles == two.articles == 5
    for q in ("Kursk", "Thongloun", '"Marxist ideology"'):
        assert total(SearchService(tmp_path / "one"), q) == total(SearchService(tmp_path / "two"), q)


def note(folder, name, title):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"{title}\n\nThe ferry company said on Monday that winter schedules will start a week early.\n\n"
        "Passengers were told to check the new timetable before they travel to the islands.\n",
        "utf-8",
    )


def test_an_update_reads_only_the_indexed_articles_under_its_inputs(articles, index_dir, tmp_path):
    from indexer.build import indexed

    note(tmp_path / "news2", "a.txt", "Ferry schedules change early")
    reindex(index_dir, [articles, tmp_path / "news2"])
    ix = IndexStore(index_dir).open()
    everything = indexed.every(ix)
    assert len(everything) == 6
    # "news2" starts like "news": only articles under the roots themselves count.
    assert indexed.under(ix, [str(tmp_path / "news")]) == {}
    mine = indexed.under(ix, [str(articles)])
    assert mine == {k: v for k, v in everything.items() if v[1].startswith(str(articles) + "/")}
    assert len(mine) == 5
    assert indexed.under(ix, [str(articles / DAGENS)]).keys() == {
        k for k, v in everything.items() if v[1] == str(articles / DAGENS)}
    some = sorted(everything)[:2]
    assert indexed.with_ids(ix, [*some, "0" * 16]) == {k: everything[k] for k in some}
    # Deleted articles are not indexed any more.
    (articles / DAGENS).unlink()
    reindex(index_dir, [articles])
    ix = IndexStore(index_dir).open()
    assert len(indexed.under(ix, [str(articles)])) == 4
    assert len(indexed.with_ids(ix, everything)) == 5


def test_an_article_found_again_in_another_folder_is_updated_not_added_twice(index_dir, tmp_path):
    note(tmp_path / "first", "a.txt", "Ferry schedules change early")
    reindex(index_dir, [tmp_path / "first"])
    # The same article (same path relative to its folder, so the same id) with a new title.
    note(tmp_path / "second", "a.txt", "Ferry schedules change a week early")
    report = reindex(index_dir, [tmp_path / "second"])
    assert counts(report) == (0, 1, 0, 0) and report.articles == 1
