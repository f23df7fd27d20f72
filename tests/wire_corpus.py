"""One wire story under four outlets (at a time, a time elsewhere, a date alone, no date),
each copy edited a little, beside an article with no copy: the story view's test corpus."""

import json

WIRE = ("The ministry said on Tuesday that the convoy of forty trucks carrying grain and medicine crossed "
        "the border at dawn after a week of talks between the two governments, and that inspectors from "
        "the agency checked every vehicle before it was allowed to continue north towards the port.")
LATER = "The port authority expects the first ships to leave within days, a spokesman said."
LONE = ("An analysis of why the convoy matters for grain prices in the region, with the opinions of traders "
        "and economists about supply, shipping insurance, harvest forecasts and the weather in the coming "
        "weeks, which has been unusually dry across the northern plains this year.")


def wire_records():
    """Alpha ran it first; Beta three hours later with a byline; Gamma the next day (a date
    alone) with a figure and a headline of its own, markup characters included; Delta
    without a date, unchanged. The analysis shares words with them but is no copy."""
    return [
        {"url": "https://beta.example/1", "source": "Beta", "title": "Grain convoy crosses",
         "body": f"By Beta staff. {WIRE}\n\n{LATER}", "published": "2025-06-01T14:00:00+02:00"},
        {"url": "https://alpha.example/1", "source": "Alpha", "title": "Convoy crosses border",
         "body": f"{WIRE}\n\n{LATER}", "published": "2025-06-01T09:00:00Z"},
        {"url": "https://gamma.example/1", "source": "Gamma", "title": "Trucks <cross> at dawn & more",
         "body": f"{WIRE.replace('forty', '40')} Officials declined to comment.\n\n{LATER}",
         "published": "2025-06-02"},
        {"url": "https://delta.example/1", "source": "Delta", "title": "Convoy crosses border",
         "body": f"{WIRE}\n\n{LATER}"},
        {"url": "https://omega.example/1", "source": "Omega", "title": "Convoy analysis", "body": LONE,
         "published": "2025-05-01"},
    ]


def write_wire_corpus(path):
    path.write_text("".join(json.dumps(r) + "\n" for r in wire_records()), "utf-8")
    return path


def syndicated_records(copies, others):
    """The wire story run by `copies` outlets, each with a byline and a tail of its own (of
    as many words as its number: copies of different lengths score apart, so which copy a
    page shows for the story does not depend on how the index numbers tied articles), and
    `others` articles of their own that mention the convoy once: enough copies that folding
    them reads past a page's first hits, and (by their ids) in every shard of a few."""
    vocabulary = LONE.replace(",", "").split() + WIRE.replace(",", "").split()
    tail = [f"annex{k}" for k in range(copies)]  # words no analyzer drops: each makes the copy longer
    records = [{"url": f"https://outlet{n}.example/convoy", "source": f"Outlet {n % 7}",
                "title": "Grain convoy crosses the border",
                "body": f"By Outlet {n} staff. {WIRE}\n\n{LATER} {' '.join(tail[:n])}".strip(),
                "published": f"2025-06-{1 + n % 28:02d}"} for n in range(copies)]
    for n in range(others):
        words = [vocabulary[(n * 7 + k * k * 3) % len(vocabulary)] for k in range(60)]
        records.append({"url": f"https://other.example/{n}", "source": f"Other {n % 3}", "title": f"Report {n}",
                        "body": f"Report {n} on the convoy. " + " ".join(w for w in words if w != "convoy"),
                        "published": f"2025-05-{1 + n % 28:02d}"})
    return records
