"""Boilerplate, caption and byline patterns: the data that line cleaning is driven by."""

from __future__ import annotations

import re

# Whole-line patterns for the labels of page furniture: widgets, ads, prompts, navigation.
# Each is matched against the *entire* line after `lines.normalise` (lower case, single spaces,
# no surrounding punctuation), so a sentence that merely mentions "share" or "newsletter" is
# never caught. Lines longer than MAX_BOILERPLATE_WORDS are never boilerplate: furniture is short.
MAX_BOILERPLATE_WORDS = 12

BOILERPLATE = tuple(
    re.compile(pattern)
    for pattern in (
        # pointers to other articles
        r"(also|further|recommended|related|suggested) (read|reading|stories|articles|news)",
        r"read (also|more|next|this next|the full (story|article))( .*)?",
        r"(related|recommended|popular|trending|most read|most popular|top stories|more stories)",
        r"more (from|on|in) .{1,40}",
        r"(others|people|readers) (are|also) (reading|read|viewed|liked)( now| this)?",
        r"you (may|might) (also )?(like|enjoy|be interested in|have missed)",
        r"(see|show|view|load) (all|more)( .{1,30})?",
        r"(next|previous|prev) (article|story|post|page)",
        # advertising
        r"advertisements?( - (scroll|continue) .*)?|adverts?",
        r"(sponsored|promoted|partner)( content| stories| links)?",
        r"ads? by .{1,40}",
        r"(story|article) continue[sd]? (below|after (the )?(advertisement|ad))",
        r"(continue|keep) reading( (below|the (main )?story))?",
        # reading-time, listening and text-to-speech widgets
        r"(estimated )?reading time:? ?\d+ ?(min|mins|minutes?)( read)?",
        r"\d+ ?(min|mins|minutes?)( read| listen)",
        r"listen( to (this|the) (article|story))?( \d+ ?(min|mins|minutes?))?",
        r"(select|choose) (a |your )?voice",
        r"choose (your )?(listening|playback|reading) speed",
        r"(get through|listen to) (articles|stories) \d+(\.\d+)?x faster",
        r"\d+(\.\d+)?x",
        r"\d+ wpm",
        r"(text[- ]to[- ]speech|audio version|play audio|pause audio)",
        # pictures and players: their labels (the caption under a caption label: CAPTION_LABEL)
        r"(image|picture|photo|media|video) (copyright|caption|source)",
        r"(this|the) (slideshow|gallery|video|content|feature|page) requires javascript( .*)?",
        r"media playback is (unsupported|not supported) on your device",
        # sharing and social
        r"share( (this|the) (article|story|post|page))?( on .{1,30})?",
        r"(follow us|follow|like us|join us) on .{1,40}",
        r"(tweet|email|e-mail|print|copy link|whatsapp|facebook|twitter|linkedin|telegram|reddit)",
        r"(\d+ )?comments?( \(\d+\))?",
        r"(leave|post|add) a (comment|reply)",
        r"(report|flag) (this )?(comment|abuse)|reply to this comment",
        # subscriptions and accounts
        r"subscribe( (now|today|here|to .{1,60}))?",
        r"sign up( (now|here|today|for .{1,60}|to .{1,60}))?",
        r"(our |free |daily |weekly )?newsletters?( .{1,60})?",
        r"(log in|login|sign in|register|create (an )?account)",
        # consent, bots and feedback
        r"((we|this (site|website)) uses? )?cookies?( .{1,60})?",
        r"(accept|reject|manage) (all )?cookies",
        r"captcha( .{1,30})?",
        r"i'?m not a robot",
        r"(do|did) you (like|enjoy) this (article|story|post)",
        r"(was|is) this (article|story) (helpful|useful)",
        r"(rate|report) this (article|story)",
        r"(report|suggest) (an error|a correction|a typo)",
        # site chrome
        r"exit mobile version",
        r"(skip|jump) to (the )?(main )?content",
        r"back to (the )?top",
        r"(main )?menu|search|close|home(page)?|categor(y|ies)|tags?|topics?|authors?",
        r"latest( news| stories| articles)?|breaking( news)?",
        r"why you can trust .{1,40}",
        r"(copyright|©) .{1,80}",
        r"all rights reserved",
        # lines of nothing but numbers, counters or dates
        r"[\d\s.,:/%+()-]+",
        r"(published |updated |posted )?\d+ (seconds?|minutes?|mins?|hours?|days?|weeks?|months?|years?) ago",
    )
)

# Headings that open a comment section: what follows is readers' text, not the article.
COMMENTS_HEADINGS = tuple(
    re.compile(pattern)
    for pattern in (
        # a bare "Comments" is often a share-bar button: only counted or worded headings count
        r"\d+ (comments?|responses?|replies|reactions)( \(\d+\))?( to .*| feed for comments)?",
        r"(comments?|responses?|replies) \(\d+\)|(\d+ )?responses? to .+",
        r"(leave|post|add|write|submit) (a|your) (comment|reply|response)",
        r"join the (conversation|discussion)",
        r"(show|view|load|read|see) (all )?(\d+ )?(comments|replies)",
        r"comments? (are|is) (now )?closed( for this (story|article|post))?",
        r"\d+ (thoughts|comments?|responses?|replies) (on|to) .+",  # WordPress: 6 thoughts on "Title"
        r"have your say|tell us what you think|what do you think|reader'?s'? comments|your comments",
        r"readers'? views|reader views|add your (view|comment)",
        # the buttons under a reader's comment: the first one shows the section has begun
        r"(report|flag) this comment|reply to this comment",
    )
)

# Headings that open a list of other articles: after the article, what follows is teasers.
RELATED_HEADINGS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(also|further|recommended|related|suggested) (read|reading|stories|articles|news|posts|content)",
        r"read (these|this|more|the) next|what to read next|(up )?next|read next",
        r"(related|recommended|popular|trending|most read|most popular|top stories|more stories)"
        r"( (news|stories|articles|posts|now|today|this week|for you))?",
        r"most (read|popular|viewed|shared|watched)( (in|on|from) .{1,40})?",
        r"more (from|on|in) .{1,40}|more (news|stories|articles|headlines)",
        r"(others|people|readers) (are|also) (reading|read|viewed|liked)( now| this)?",
        r"you (may|might) (also )?(like|enjoy|be interested in|have missed)",
        r"(you|we) (recommend|think you'll like)|recommended for you|around the web|in case you missed it",
        r"(latest|trending|popular|top) (news|stories|articles|posts|videos)",
        r"editor'?s? picks?|must reads?|don'?t miss",
        r"links we like|(sponsored|partner|promoted) links|from (our|the) (partners|sponsors)",
    )
)

# Characters that print nothing: a line of a zero-width space alone (a blog editor's empty
# paragraph) is blank, and a byte-order mark glued to a line is no part of it. Stripped at
# the ends only: inside a word a zero-width joiner or non-joiner is spelling (Persian, emoji).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# Months by name, in full and cut short.
MONTH_NAMES = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december
    """.split()
)
# The words of a dateline ("Published Wed, Nov 20 2019 4:29 AM EST", "Updated an hour ago"):
# a line of nothing else (and numbers) is a time stamp, not text.
DATELINE_WORDS = MONTH_NAMES | frozenset(
    """
    mon tue tues wed thu thur thurs fri sat
    sun monday tuesday wednesday thursday friday saturday sunday am pm a.m p.m utc gmt est
    edt cst cdt pst pdt cet cest bst ist et pt ct published updated posted modified last on
    at ago an a hour hours minute minutes min mins day days week weeks yesterday today st nd
    rd th
    """.split()
)
# A dateline names a date or time: at least one of these.
DATELINE_ANCHORS = DATELINE_WORDS - frozenset(
    "published updated posted modified last on at an a st nd rd th".split()
)

# Calls to action that make a whole sentence or two furniture ("Sign up for ... to get the free
# daily newsletter delivered to your inbox."): searched anywhere in lines of at most
# MAX_PROMPT_WORDS words, since an article that discusses newsletters is longer than that.
PROMPTS = re.compile(
    r"\b(newsletters?|subscribe|unsubscribe|sign[- ]up (for|to|now|today|here)|opt-in|your inbox|click here)\b",
    re.IGNORECASE,
)
MAX_PROMPT_WORDS = 30

# Lines that are furniture whatever their length: legal notices.
NOTICES = re.compile(r"all rights reserved|^(©|copyright ©|\(c\) \d{4})", re.IGNORECASE)
# The notice that closes a story ("Copyright 2008 Associated Press. All rights reserved."): a
# picture's credit ("© AFP") may sit inside the story, this sentence not.
CLOSING_NOTICE = re.compile(r"\ball rights reserved\b", re.IGNORECASE)

# Text that only a widget prints, whatever the length of the line it is flattened into: CNN's
# video player ("JUST WATCHED <clip> Replay More Videos ... MUST WATCH <clip> 02:02") and photo
# gallery ("<caption> Hide Caption 3 of 7 Photos: <gallery>"), and the notice Google requires
# under a form protected by reCAPTCHA (a newsletter box). These labels never change case:
# matching case keeps the search over every long paragraph cheap.
WIDGETS = re.compile(
    r"Replay More Videos .*MUST WATCH|Hide Caption \d+ of \d+|This site is protected by reCAPTCHA"
)

# Picture credits that make up a whole line ("Kremlin.ru / Wikimedia Commons", "Photo: AFP").
# Known picture agencies and libraries: a short line naming one of these is a credit, not text.
CREDIT_NAMES = (
    "afp", "ap", "associated press", "reuters", "epa", "dpa", "xinhua", "tass",
    "ria novosti", "getty", "shutterstock", "alamy", "unsplash", "pexels",
    "pixabay", "flickr", "wikimedia", "istock", "bloomberg", "anadolu",
)
CREDIT_PREFIX = re.compile(
    r"^(photo|photos|image|images|picture|pictures|credit|photo credit|image credit|"
    r"image source|source|illustration|video|©)\s*[:|]", re.IGNORECASE
)
MAX_CREDIT_WORDS = 8

# A caption ends with its picture credit: "... last year. Photo: AFP", "... Credit: ESA",
# "... [Name/Pool/AFP]", "... Armed Forces. (Photo: Xinhua/Ju Zhenhua)." Body paragraphs do not
# end like that.
CAPTION_CREDIT = re.compile(
    r"("
    r"\[[^\[\]]*/[^\[\]]*\]"  # [Photographer/Agency]
    r"|\((photo|image|picture|credit|source)s?:[^()]*\)\.?"  # (Photo: Agency).
    r"|\([^()]*\bphoto\b[^()]*\)\.?"  # (AP Photo/Name)
    r"|\b((photo|image|picture)s?( credit)?|credit):\s*[^.:]{1,80}"  # Photo: Agency, Credit: Agency
    r")\s*$",
    re.IGNORECASE,
)

# The label a caption follows on its own line ("Image caption", then the caption).
CAPTION_LABEL = re.compile(r"(image|picture|photo|media|video) caption|caption", re.IGNORECASE)

# Navigation trails: "Home > World > Asia", "News » Politics".
NAVIGATION_SEPARATORS = re.compile(r"\s(>|»|›|/|\|)\s")
MIN_NAVIGATION_SEPARATORS = 2
MAX_NAVIGATION_WORDS = 20  # longer lines with " > " in them are text ("if x > 5 and y > 3")

# Bylines. "By Olha Chepil |", "By Jane Doe and John Roe, Reuters", "Written by ...".
BYLINE_PREFIX = re.compile(r"^(?:(?:written|words|reporting|text) )?by\s+(?P<rest>.+)$", re.I)
BYLINE_LABEL = re.compile(r"^(?:author|authors|reporter|written by)\s*:\s*(?P<rest>.+)$", re.I)
# What may follow the name(s) in a byline: a separator, then anything (outlet, date, role).
BYLINE_TAIL = re.compile(r"\s*(?:[|•·–—]|\s-\s).*$")
NAME_JOINERS = re.compile(r"\s*(?:,|&|\band\b)\s*")
# Lower-case words allowed inside personal names.
NAME_PARTICLES = frozenset(
    "al bin binti da das de del della der di dos du el ibn la le van von y".split()
)
# Capitalised words that make a short line a label or heading rather than a person's name.
NOT_NAME_WORDS = frozenset(
    """
    about advertisement all also analysis archive authors background breaking business category
    comment comments contact context culture day editor editorial editors exclusive explainer
    features gallery highlights home introduction key latest listen live local menu more news
    newsletter newsletters opinion overview photo photos podcast points politics popular read
    related report reports review search section security share sport sports staff subscribe
    summary tags technology the timeline today top topics trending update updates video videos
    war watch week weekend world
    """.split()
)
