"""A small corpus whose distinctive words are known by construction: eight articles on an
eruption among twenty-two on markets, each word placed in a counted number of articles. All
say they are English: bodies this short are too short to tell (unknown: read unstemmed)."""

import json

VOLCANO = 8
MARKETS = 22


def story_records():
    records = []
    for n in range(VOLCANO):
        title = "Volcano erupts near Hilo" if n % 2 == 0 else "Eruptions continue at the volcano"
        body = f"The volcano sent lava down the slope on day {n}, officials said in 2025."
        if n < 6:
            body += " Ash fell on the town."
        if n < 2:
            body += " Residents began an evacuation."
        if n < 4:
            body += " Scientists flew over Mauna-Loa."
        if n % 2:
            body += " Magma rose under the crater."
        body += " The eruptions were the largest in years."
        records.append({"title": title, "body": body, "source": "Alpha" if n % 2 else "Beta",
                        "url": f"https://volcano.example/{n}", "date": f"2025-03-{n + 1:02d}", "language": "en"})
    for n in range(MARKETS):
        body = f"Stocks and shares rose on day {n}, traders said in 2025."
        if n == 0:
            body += " A lava lamp maker led the gains."
        body += " Investors watched the central bank."
        records.append({"title": f"Shares rise in market {n}", "body": body, "source": "Gamma" if n % 2 else "Delta",
                        "url": f"https://markets.example/{n}", "date": f"2025-04-{n + 1:02d}", "language": "en"})
    return records


def write_story_corpus(path):
    path.write_text("".join(json.dumps(r) + "\n" for r in story_records()), "utf-8")
    return path
