"""The evaluation flow of the generated data set: dossiers, council assignments with every
member's scorecard, decisions and certificates (see bench/dataset.py for the shape)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from .dataset import CLOSED_WITHDRAWN_SHARE, LAST_OLD_DAY, OPEN_ROUND_STATES, TODAY, add_months, at, weighted

TWO_PLACES = Decimal("0.01")
READY_EVERY = 4  # one open council in four has every card in (see Flow.assignment)
DECISION_MONTH = {
    ("district", 1): (6, 20),
    ("district", 2): (11, 20),
    ("province", 1): (7, 25),
    ("province", 2): (12, 15),
    ("central", 1): (9, 28),
    ("central", 2): (12, 28),
}
AUTHORITY = {"district": "UBND {name}", "province": "UBND {name}", "central": "Bộ Nông nghiệp và Môi trường"}
# QĐ 26/2026 Art. 12.3: a certificate whose filing window (closing 120 days before expiry) had
# closed before 22/05/2026 may be extended up to 180 days past its expiry.
LAW_26 = datetime.date(2026, 5, 22)


def band(mean: Decimal) -> int:
    return 5 if mean >= 90 else 4 if mean >= 70 else 3 if mean >= 50 else 0


class FlowGenerator:
    def __init__(self, dataset):
        self.ds = dataset
        self.rng = dataset.rng
        self.tables = defaultdict(list)
        self.cards: list[tuple[int, list[str]]] = []
        # (product, dossier id, assignment id, level, stars, round, province of the dossier)
        self.recognitions = []
        from evaluation.models import (
            Certificate,
            CertificateEvent,
            CertificateSequence,
            ConflictDeclaration,
            CouncilAssignment,
            Decision,
            DecisionItem,
            Dossier,
            Scorecard,
        )

        self.layout = [
            (
                "evaluation_dossier",
                Dossier,
                [
                    "id",
                    "product_id",
                    "round_id",
                    "kind",
                    "sheet_id",
                    "state",
                    "current_level",
                    "district_id",
                    "province_id",
                    "created_by_id",
                    "created_at",
                    "submitted_at",
                ],
            ),
            (
                "evaluation_councilassignment",
                CouncilAssignment,
                [
                    "id",
                    "council_id",
                    "dossier_id",
                    "level",
                    "state",
                    "revision",
                    "opened_at",
                    "closed_at",
                    "mean_score",
                    "band_stars",
                    "final_stars",
                    "outcome",
                    "result",
                ],
            ),
            ("evaluation_conflictdeclaration", ConflictDeclaration, ["assignment_id", "member_id", "has_conflict"]),
            (
                "evaluation_scorecard",
                Scorecard,
                ["id", "assignment_id", "member_id", "sheet_id", "revision", "state", "total", "submitted_at"],
            ),
            (
                "evaluation_decision",
                Decision,
                [
                    "id",
                    "province_id",
                    "issuer_unit_id",
                    "level",
                    "kind",
                    "number",
                    "date",
                    "signer",
                    "authority",
                    "created_by_id",
                ],
            ),
            (
                "evaluation_decisionitem",
                DecisionItem,
                ["decision_id", "dossier_id", "assignment_id", "recognised_stars"],
            ),
            (
                "evaluation_certificate",
                Certificate,
                [
                    "id",
                    "number",
                    "public_code",
                    "product_id",
                    "producer_id",
                    "province_id",
                    "district_id",
                    "stars",
                    "framework_id",
                    "issuing_level",
                    "issuing_authority",
                    "decision_id",
                    "dossier_id",
                    "valid_from",
                    "valid_until",
                    "status",
                    "superseded_by_id",
                    "revocation_decision_id",
                    "revocation_ground",
                    "extended_until",
                ],
            ),
            (
                "evaluation_certificateevent",
                CertificateEvent,
                ["certificate_id", "date", "from_status", "to_status", "reason", "decision_id"],
            ),
            ("evaluation_certificatesequence", CertificateSequence, ["province_code", "year", "last_number"]),
        ]

    # --- dossiers -----------------------------------------------------------------------------

    def plan(self) -> list[tuple[tuple, list, str | None]]:
        """(product, its rounds in order, forced state of its open-round dossier) per product."""
        ds, rng = self.ds, self.rng
        counts = defaultdict(int)
        for index in range(ds.scale.dossiers):
            product = ds.products[index] if index < len(ds.products) else rng.choice(ds.products)
            counts[product[0]] += 1
        forced_left = ds.scale.open_assignments
        planned = []
        for product in ds.products:
            rounds = ds.rounds_for(product)
            count = min(counts[product[0]], len(rounds))
            if not count:
                continue
            chosen = sorted(rng.sample(rounds, count), key=lambda r: (r[1], r[2]))
            forced = None
            if forced_left and product[5] == ds.bench_province:
                if not chosen[-1][3]:
                    chosen[-1] = rounds[-1]  # the open round is the last; rounds stay distinct
                    chosen = sorted(set(chosen), key=lambda r: (r[1], r[2]))
                forced, forced_left = "in_scoring", forced_left - 1
            planned.append((product, chosen, forced))
        return planned

    def run(self):
        for product, rounds, forced in self.plan():
            for position, round_ in enumerate(rounds):
                kind = "new" if position == 0 else self.rng.choice(["reevaluation", "upgrade"])
                self.dossier(product, round_, kind, forced if round_[3] else None)
        self.certificates()
        return self

    def dossier(self, product, round_, kind, forced) -> None:
        ds, rng = self.ds, self.rng
        product_id, _producer, set_id, commune_id, district_id, new_province_id, old_province_id = product
        round_id, year, number, is_open, framework = round_
        before_merger = framework == "148"
        province_id = old_province_id if before_merger else new_province_id
        dossier_id = ds.next_id("dossier")
        created = at(datetime.date(year, 3 if number == 1 else 8, 1) + datetime.timedelta(days=rng.randrange(40)))
        if is_open:
            state = forced or weighted(rng, OPEN_ROUND_STATES)
        else:
            state = "withdrawn" if rng.random() < CLOSED_WITHDRAWN_SHARE else "decided"
        sheet_id = ds.sheet(framework, set_id)
        if before_merger:
            level, state = self.district_chain(product, round_, dossier_id, sheet_id, state, forced)
            creator = ds.officer_of_district[district_id]
        else:
            level, state = self.commune_chain(product, round_, dossier_id, sheet_id, state, forced)
            creator = ds.personas["commune"] if commune_id == ds.bench_commune else ds.personas["province"]
        submitted = created + datetime.timedelta(days=10) if state not in ("draft",) else None
        self.tables["evaluation_dossier"].append(
            (
                dossier_id,
                product_id,
                round_id,
                kind,
                sheet_id,
                state,
                level,
                district_id,
                province_id,
                creator,
                created,
                submitted,
            )
        )

    def district_chain(self, product, round_, dossier_id, sheet_id, state, forced) -> tuple[str, str]:
        """QĐ 148 in the former province: district council, ≥ 70 forwarded to the province."""
        rng = self.rng
        district_id, province_id = product[4], product[6]
        _round_id, year, number, _open, _framework = round_
        level = "district"
        if state in ("in_scoring", "scored", "decided"):
            quality = self.ds.quality()
            mean, assignment_id = self.assignment(
                dossier_id,
                sheet_id,
                ("district", district_id),
                quality,
                year,
                number,
                closed=state != "in_scoring",
                bench=forced is not None,
            )
            stars = band(mean) if state != "in_scoring" else 0
            if state == "scored" and mean >= 70:
                state, level = "forwarded", "province"
            elif state == "decided" and mean >= 70:
                mean_p, assignment_p = self.assignment(
                    dossier_id, sheet_id, ("province", province_id), quality, year, number, closed=True, bench=False
                )
                stars_p = band(mean_p)
                if stars_p == 5 and rng.random() < 0.5:
                    level, stars, assignment_id = "central", 5, assignment_p
                elif stars_p >= 4:
                    level, stars, assignment_id = "province", 4, assignment_p
                else:
                    stars = 3 if stars_p == 3 else 0
            if state == "decided" and stars >= 3:
                self.recognitions.append((product, dossier_id, assignment_id, level, stars, round_, province_id))
        return level, state

    def commune_chain(self, product, round_, dossier_id, sheet_id, state, forced) -> tuple[str, str]:
        """Since the merger: the commune takes in and checks (no score), the province council
        scores and certifies 3★/4★, ≥ 90 goes to the Ministry."""
        province_id = product[5]
        _round_id, year, number, _open, _framework = round_
        if state in ("draft", "submitted", "returned", "withdrawn"):
            return "commune", state
        if state == "accepted":  # taken in by the commune: forwarded in the same step
            return "province", "forwarded"
        mean, assignment_id = self.assignment(
            dossier_id,
            sheet_id,
            ("province", province_id),
            self.ds.quality(),
            year,
            number,
            closed=state != "in_scoring",
            bench=forced is not None,
        )
        if state == "decided":
            stars = band(mean)
            level = "central" if stars == 5 and self.rng.random() < 0.5 else "province"
            stars = min(stars, 4) if level == "province" else stars
            if stars >= 3:
                self.recognitions.append((product, dossier_id, assignment_id, level, stars, round_, province_id))
            return level, state
        return "province", state

    def assignment(self, dossier_id, sheet_id, council_key, quality, year, number, *, closed, bench):
        ds, rng = self.ds, self.rng
        council_id, members, _province = ds.council_of[council_key]
        assignment_id = ds.next_id("assignment")
        opened = at(datetime.date(year, 5 if number == 1 else 10, 1))
        variants = ds.variants[sheet_id]
        totals, cast = [], []
        # One open council in READY_EVERY has every card in, waiting for its presiding member to
        # close it: the chair's page (scenario chair_session) shows the fairness section then.
        # Chosen by id, not drawn, so the random stream, and the rest of the data set, is unchanged.
        every_card_in = not closed and not bench and assignment_id % READY_EVERY == 0
        for member_id in members:
            lines, total = variants.card(quality + rng.gauss(0, 2.5), rng)
            card_id = ds.next_id("scorecard")
            submitted = closed or (not bench and rng.random() < 0.6) or every_card_in
            self.tables["evaluation_scorecard"].append(
                (
                    card_id,
                    assignment_id,
                    member_id,
                    sheet_id,
                    1,
                    "submitted" if submitted else "draft",
                    total,
                    opened + datetime.timedelta(days=5) if submitted else None,
                )
            )
            self.tables["evaluation_conflictdeclaration"].append((assignment_id, member_id, False))
            self.cards.append((card_id, lines))
            totals.append(total)
            cast.append((member_id, total))
        mean = (sum(totals) / len(totals)).quantize(TWO_PLACES)
        if closed:
            stars = band(mean)
            outcome = (
                "forward"
                if mean >= 70 and council_key[0] == "district"
                else ("recognise" if stars else "not_recognised")
            )
            # The result as evaluation.services.councils.assignment_result stores it, with what
            # the yearly fairness job reads (members, their totals, the mean, the spread rule).
            result = {
                "level": council_key[0],
                "mean": str(mean),
                "band_stars": stars,
                "final_stars": stars,
                "outcome": outcome,
                "max_spread": "10.00",
                "members": [
                    {
                        "member": member_id,
                        "name": ds.member_of[member_id][0],
                        "role": ds.member_of[member_id][1],
                        "present": True,
                        "totals": {"1": str(total)},
                        "counted": str(total),
                    }
                    for member_id, total in cast
                ],
                "recused": [],
            }
            row = (
                assignment_id,
                council_id,
                dossier_id,
                council_key[0],
                "closed",
                1,
                opened,
                opened + datetime.timedelta(days=7),
                mean,
                stars or None,
                stars or None,
                outcome,
                result,
            )
        else:
            row = (
                assignment_id,
                council_id,
                dossier_id,
                council_key[0],
                "scoring",
                1,
                opened,
                None,
                None,
                None,
                None,
                "",
                {},
            )
        self.tables["evaluation_councilassignment"].append(row)
        return mean, assignment_id

    # --- decisions and certificates -----------------------------------------------------------

    def decision_for(self, level, issuer, province_id, round_, decisions, counters) -> tuple[int, datetime.date]:
        ds = self.ds
        _round_id, year, number, _open, framework = round_
        key = (level, issuer, round_[0])
        if key not in decisions:
            month, day = DECISION_MONTH[(level, number)]
            date = datetime.date(year, month, day)
            if framework == "148" and date > LAST_OLD_DAY:  # a former province decided before it ended
                date = LAST_OLD_DAY - datetime.timedelta(days=3 if level == "district" else 2)
            decision_id = ds.next_id("decision")
            counters[issuer] += 1
            name = ds.district_names.get(issuer) if level == "district" else ds.province_names[province_id]
            self.tables["evaluation_decision"].append(
                (
                    decision_id,
                    province_id,
                    issuer,
                    level,
                    "recognition",
                    f"{counters[issuer]}{'C' if level == 'central' else ''}/QĐ-UBND",
                    date,
                    "Chủ tịch",
                    AUTHORITY[level].format(name=name),
                    ds.personas["province"],
                )
            )
            decisions[key] = (decision_id, date)
        return decisions[key]

    def certificates(self) -> None:
        ds, rng = self.ds, self.rng
        decisions, counters, sequence = {}, defaultdict(int), defaultdict(int)
        revocations = {}
        by_product = defaultdict(list)
        for product, dossier_id, assignment_id, level, stars, round_, province_id in self.recognitions:
            issuer = product[4] if level == "district" else province_id
            decision_id, date = self.decision_for(level, issuer, province_id, round_, decisions, counters)
            self.tables["evaluation_decisionitem"].append((decision_id, dossier_id, assignment_id, stars))
            by_product[product[0]].append((date, product, dossier_id, level, stars, decision_id, province_id, round_))
        codes = set()
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
        for certificates in by_product.values():
            certificates.sort(key=lambda c: c[0])
            ids = [ds.next_id("certificate") for _ in certificates]
            for index, (date, product, dossier_id, level, stars, decision_id, province_id, round_) in enumerate(
                certificates
            ):
                code = "".join(rng.choice(alphabet) for _ in range(12))
                while code in codes:
                    code = "".join(rng.choice(alphabet) for _ in range(12))
                codes.add(code)
                province_code = ds.province_codes[province_id]
                sequence[(province_code, date.year)] += 1
                number = f"OCOP-{province_code}-{date.year}-{sequence[(province_code, date.year)]:04d}"
                valid_until = add_months(date, 36)
                superseded_by = revocation = extended_until = None
                ground, end_date = "", None
                revoker = product[5]  # revoked today by the province the record was carried into
                if index < len(certificates) - 1:
                    status, superseded_by, end_date = "superseded", ids[index + 1], certificates[index + 1][0]
                elif date < REVOCATION_DAY and rng.random() < 0.03:
                    if revoker not in revocations:
                        revocation_id = ds.next_id("decision")
                        self.tables["evaluation_decision"].append(
                            (
                                revocation_id,
                                revoker,
                                revoker,
                                "province",
                                "revocation",
                                "TH-1/QĐ-UBND",
                                REVOCATION_DAY,
                                "Chủ tịch",
                                AUTHORITY["province"].format(name=ds.province_names[revoker]),
                                ds.personas["province"],
                            )
                        )
                        revocations[revoker] = revocation_id
                    status, revocation, ground = "revoked", revocations[revoker], "quality"
                    end_date = REVOCATION_DAY
                elif (
                    valid_until < TODAY <= valid_until + datetime.timedelta(days=180)
                    and valid_until - datetime.timedelta(days=120) < LAW_26
                    and rng.random() < 0.4
                ):
                    status, end_date = "extended", TODAY - datetime.timedelta(days=rng.randrange(1, 30))
                    extended_until = valid_until + datetime.timedelta(days=180)
                elif valid_until < TODAY:
                    status, end_date = "expired", valid_until
                elif (valid_until - TODAY).days <= 90:
                    status, end_date = "expiring", valid_until - datetime.timedelta(days=90)
                else:
                    status = "valid"
                name = ds.district_names.get(product[4]) if level == "district" else ds.province_names[province_id]
                self.tables["evaluation_certificate"].append(
                    (
                        ids[index],
                        number,
                        code,
                        product[0],
                        product[1],
                        province_id,
                        product[4],
                        stars,
                        ds.frameworks[round_[4]].pk,
                        level,
                        AUTHORITY[level].format(name=name),
                        decision_id,
                        dossier_id,
                        date,
                        valid_until,
                        status,
                        superseded_by,
                        revocation,
                        ground,
                        extended_until,
                    )
                )
                self.tables["evaluation_certificateevent"].append(
                    (ids[index], date, "", "valid", "Cấp giấy chứng nhận", decision_id)
                )
                if status != "valid":
                    self.tables["evaluation_certificateevent"].append(
                        (ids[index], end_date, "valid", status, f"Chuyển trạng thái: {status}", revocation)
                    )
        self.tables["evaluation_certificatesequence"] = [(code, year, last) for (code, year), last in sequence.items()]

    def answer_chunks(self, chunk_rows: int = 250_000):
        chunk: list[str] = []
        for card_id, lines in self.cards:
            prefix = f"{card_id}\t"
            chunk.extend(prefix + line for line in lines)
            if len(chunk) >= chunk_rows:
                yield chunk
                chunk = []
        yield chunk


REVOCATION_DAY = TODAY - datetime.timedelta(days=30)
