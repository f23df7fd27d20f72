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
