from whoosh import index as whoosh_index

from indexer.build.store import IndexStore
from indexer.kept import ReaderStore, forget_all, index_data


def open_reader(index_dir):
    return whoosh_index.open_dir(str(IndexStore(index_dir).require_live_generation())).reader()


def test_an_answer_is_worked_out_once_per_reader(sample_index):
    store, calls = ReaderStore(4), []

    def compute(key):
        calls.append(key)
        return (key,)

    first, second = open_reader(sample_index), open_reader(sample_index)
    assert store.get(first, "a", lambda: compute("a")) == ("a",)
    assert store.get(first, "a", lambda: compute("a")) == ("a",)
    assert store.get(second, "a", lambda: compute("a")) == ("a",)
    assert calls == ["a", "a"]  # once for each reader


def test_the_least_recently_used_answers_go_first_within_both_bounds(sample_index):
    store, calls = ReaderStore(3, budget=5), []
    reader = open_reader(sample_index)

    def get(key, size):
        return store.get(reader, key, lambda: calls.append(key) or tuple(range(size)))

    get("a", 1), get("b", 1), get("c", 1)
    get("a", 1)  # used again: "b" is now the oldest
    get("d", 1)  # four answers: "b" goes
    get("b", 1)
    assert calls == ["a", "b", "c", "d", "b"]
    get("big", 4)  # 1 + 1 + 1 + 4 > 5: the oldest go until the budget holds
    assert sum(map(len, store._readers[reader].values())) <= 5
    assert store._readers[reader].total == sum(map(len, store._readers[reader].values()))  # kept as they come and go
    get("huge", 6)  # alone over the budget: answered, never kept
    get("huge", 6)
    assert calls.count("huge") == 2


def test_forget_all_drops_every_store(sample_index):
    one, two, calls = ReaderStore(2), ReaderStore(2), []
    reader = open_reader(sample_index)
    for store in (one, two):
        store.get(reader, "k", lambda: calls.append(1) or (1,))
    forget_all()
    for store in (one, two):
        store.get(reader, "k", lambda: calls.append(1) or (1,))
    assert len(calls) == 4


def test_index_data_is_worked_out_once_per_reader_and_outlives_forget_all(sample_index):
    calls = []
    first, second = open_reader(sample_index), open_reader(sample_index)
    assert index_data(first, "k", lambda: calls.append(1) or [1]) == [1]
    forget_all()  # query answers go; data derived from the index stays
    assert index_data(first, "k", lambda: calls.append(2) or [2]) == [1]
    assert index_data(second, "k", lambda: calls.append(3) or [3]) == [3]
    assert calls == [1, 3]
