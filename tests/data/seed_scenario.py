#!/usr/bin/env python3
"""Writes tests/data/seed-scenario.ndjson: the seed report's claims as a stream (issue 6).

From the report: ISPP's 15 attacks of 2022 (dates, places, attack and target, casualties as
listed), the TTP's competing claim for 30 January in Rawalpindi. Filled in where the report gives
only counts, each marked "synthetic": true: the second attack ISPP and the TTP both claimed in
Punjab, six attacks ISKP and the TTP both claimed, and ISPP's background (about 15 attacks in
2019 from its founding in May, including one in Karachi in May 2019; 4 in 2020, including an IED
attack in May 2020; 4 in 2021). Every attack is told by its claimant (amaq, umar-media) and
reposted by other sources under other aliases; some messages are re-delivered.

Deterministic: python3 tests/data/seed_scenario.py > tests/data/seed-scenario.ndjson
"""
import json
import sys

ISPP_ALIASES = ["Wilayat Pakistan", "ISPP", "ولاية باكستان", "Islamic State – Pakistan Province"]
REPOSTERS = ["site-intel", "nashir", "jihadology"]

# (date, place, province, attack, target, killed, wounded) — the report's 2022 list.
ISPP_2022 = [
    ("2022-01-30", "Rawalpindi", "Punjab", "assassination", "policeman", 1, 0),
    ("2022-03-08", "Sibi", "Balochistan", "suicide vest", "soldiers", 5, 25),
    ("2022-04-22", "Rawalpindi", "Punjab", "shot dead", "Christian", 1, 0),
    ("2022-04-29", "Mastung", "Balochistan", "shot dead", "Sufi", 1, 0),
    ("2022-04-30", "Sheikhupura", "Punjab", "shot dead", "Sufi", 1, 0),
    ("2022-06-20", "Islamabad", "Islamabad", "shot dead", "Shīʿah", 1, 0),
    ("2022-08-09", "Mastung", "Balochistan", "fired on", "Christians", 1, None),
    ("2022-09-19", "Quetta", "Balochistan", "fired on", "CTD patrol", 0, 2),
    ("2022-09-30", "Rawalpindi", "Punjab", "shot dead", "Sufi", 1, 0),
    ("2022-10-01", "Karachi", "Sindh", "grenade", "CTD", 0, 4),
    ("2022-10-13", "Mastung", "Balochistan", "beheaded", "informant", 1, 0),
    ("2022-10-14", "Mastung", "Balochistan", "IED", "spies", 3, 6),
    ("2022-10-21", "Rawalpindi", "Punjab", "shot dead", "intelligence officer", 1, 0),
    ("2022-10-25", "Lahore", "Punjab", "shot dead", "police officer", 1, 0),
    ("2022-11-12", "Qalat", "Balochistan", "gunman", "spy", 1, 0),
]

# ISPP's background: synthetic dates and places, none an IED but May 2020's, none in Karachi
# but May 2019's.
ISPP_BACKGROUND = [
    ("2019-05-15", "Quetta", "Balochistan", "shot dead", "policeman", 1, 0),
    ("2019-05-24", "Karachi", "Sindh", "shot dead", "policeman", 1, 0),
    ("2019-06-03", "Mastung", "Balochistan", "armed assault", "soldiers", 2, 1),
    ("2019-06-19", "Quetta", "Balochistan", "grenade", "police", 0, 3),
    ("2019-07-02", "Quetta", "Balochistan", "shot dead", "Shia", 1, 0),
    ("2019-07-21", "Mastung", "Balochistan", "shot dead", "informant", 1, 0),
    ("2019-08-08", "Qalat", "Balochistan", "armed assault", "soldiers", 1, 2),
    ("2019-08-27", "Quetta", "Balochistan", "shot dead", "Christian", 1, 0),
    ("2019-09-10", "Sibi", "Balochistan", "grenade", "police", 0, 2),
    ("2019-09-29", "Quetta", "Balochistan", "shot dead", "policeman", 1, 0),
    ("2019-10-14", "Mastung", "Balochistan", "armed assault", "soldiers", 1, 1),
    ("2019-10-30", "Quetta", "Balochistan", "shot dead", "Shia", 2, 0),
    ("2019-11-12", "Quetta", "Balochistan", "shot dead", "spy", 1, 0),
    ("2019-11-28", "Mastung", "Balochistan", "grenade", "CTD", 0, 2),
    ("2019-12-16", "Quetta", "Balochistan", "shot dead", "policeman", 1, 0),
    ("2020-02-11", "Quetta", "Balochistan", "shot dead", "policeman", 1, 0),
    ("2020-05-18", "Quetta", "Balochistan", "IED", "soldiers", 2, 3),
    ("2020-08-06", "Mastung", "Balochistan", "shot dead", "informant", 1, 0),
    ("2020-11-23", "Quetta", "Balochistan", "armed assault", "police", 1, 1),
    ("2021-03-09", "Mastung", "Balochistan", "shot dead", "Shia", 1, 0),
    ("2021-06-15", "Quetta", "Balochistan", "shot dead", "policeman", 1, 0),
    ("2021-09-02", "Qalat", "Balochistan", "armed assault", "soldiers", 1, 2),
    ("2021-12-07", "Quetta", "Balochistan", "shot dead", "spy", 1, 0),
]

# Attacks the TTP claimed too: 30 January (in the report) and, synthetic, 21 October.
TTP_COMPETING = {"2022-01-30": False, "2022-10-21": True}

# Six attacks ISKP and the TTP both claimed in 2022 (synthetic: the report gives the count).
ISKP_TTP = [
    ("2022-02-17", "Peshawar", "Khyber Pakhtunkhwa", "shot dead", "policeman", 1, 0),
    ("2022-04-05", "Bannu", "Khyber Pakhtunkhwa", "IED", "soldiers", 2, 4),
    ("2022-05-26", "Dera Ismail Khan", "Khyber Pakhtunkhwa", "shot dead", "police officer", 1, 0),
    ("2022-07-11", "Lakki Marwat", "Khyber Pakhtunkhwa", "armed assault", "police", 2, 1),
    ("2022-08-30", "Mir Ali", "Khyber Pakhtunkhwa", "IED", "soldiers", 3, 2),
    ("2022-11-08", "Tank", "Khyber Pakhtunkhwa", "shot dead", "policeman", 1, 0),
]


def claim(source, claim_id, claimed_by, attack, hours_after, synthetic):
    date, place, province, kind, target, killed, wounded = attack
    hour = 12 + hours_after
    message = {
        "schema": "claim.v1",
        "claim_id": claim_id,
        "source": source,
        "reported_at": f"{date}T{hour:02d}:00:00Z",
        "claimed_by": claimed_by,
        "event_date": date,
        "location": {"place": place, "province": province, "country": "PK"},
        "attack_type": kind,
        "target": target,
        "killed": killed,
        "wounded": wounded,
        "language": "ar" if any("\u0600" <= c <= "\u06ff" for c in claimed_by) else "en",
    }
    if synthetic:
        message["synthetic"] = True
    return message


def ispp_attack(out, attack, index, synthetic):
    date = attack[0]
    out.append(claim("amaq", f"amaq-{date}-{index:02d}", ISPP_ALIASES[0], attack, 0, synthetic))
    for n, source in enumerate(REPOSTERS[: 2 + index % 2]):
        alias = ISPP_ALIASES[1 + (index + n) % 3]
        out.append(claim(source, f"{source}-{date}-{index:02d}", alias, attack, 2 + n, synthetic))


def main():
    out = []
    for index, attack in enumerate(ISPP_BACKGROUND):
        ispp_attack(out, attack, index, True)
    for index, attack in enumerate(ISPP_2022):
        ispp_attack(out, attack, index, False)
        if attack[0] in TTP_COMPETING:
            out.append(claim("umar-media", f"umar-{attack[0]}", "Tehrik-i-Taliban Pakistan",
                             attack, 5, TTP_COMPETING[attack[0]]))
    for index, attack in enumerate(ISKP_TTP):
        date = attack[0]
        out.append(claim("amaq", f"amaq-k-{date}", "Wilayat Khurasan", attack, 0, True))
        out.append(claim("umar-media", f"umar-{date}", "TTP", attack, 3, True))
        out.append(claim("site-intel", f"site-intel-k-{date}", "ISKP", attack, 6, True))
    # Kafka is at-least-once: every 10th message arrives twice.
    for message in list(out[::10]):
        out.append(dict(message))
    for message in out:
        sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
