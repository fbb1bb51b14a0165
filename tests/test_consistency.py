"""consistency(): CR, GCI, the Alonso–Lamata limit, and the ranked judgments to revise."""

import warnings

import numpy as np
import pandas as pd
import pytest

from mcda import ConsistencyReport, InconsistencyWarning, PairwiseMatrix, Revision, consistency, priorities

# A consistent 8 : 4 : 2 : 1 matrix with a_14 entered as 1/2 instead of 8 (a reversed judgment).
W = np.array([8.0, 4.0, 2.0, 1.0])
TYPO = W[:, None] / W[None, :]
TYPO[0, 3], TYPO[3, 0] = 1 / 2, 2


def test_reversed_judgment_is_ranked_first_with_a_consistent_suggestion():
    with pytest.warns(InconsistencyWarning) as record:
        report = consistency(TYPO, labels=["S", "W", "O", "T"])
    assert len(record) == 1
    assert "S vs T = 0.5" in str(record[0].message)
    assert not report.consistent
    top = report.revisions[0]
    assert (top.i, top.j, top.label_i, top.label_j) == (0, 3, "S", "T")
    assert top.current == 0.5
    assert top.consistent_value == pytest.approx(report.weights[0] / report.weights[3])
    assert top.suggested == 2.0  # nearest 1–9 value to w_S / w_T ≈ 1.65
    assert top.error == pytest.approx(abs(np.log(0.5 * report.weights[3] / report.weights[0])))


def test_revisions_cover_every_answered_pair_sorted_worst_first():
    report = consistency(TYPO, warn=False)
    assert len(report.revisions) == 6
    errors = [r.error for r in report.revisions]
    assert errors == sorted(errors, reverse=True)
    assert all(r.i < r.j for r in report.revisions)


def test_errors_match_the_definition():
    report = consistency(TYPO, warn=False)
    w = report.weights
    for r in report.revisions:
        assert r.error == pytest.approx(abs(np.log(TYPO[r.i, r.j] * w[r.j] / w[r.i])), rel=1e-12)


def test_report_agrees_with_priorities():
    report = consistency(TYPO, warn=False)
    result = priorities(TYPO, warn=False)
    np.testing.assert_allclose(report.weights, result.weights)
    assert report.cr == result.cr and report.ci == result.ci
    assert report.lambda_max == result.lambda_max and report.gci == result.gci


def test_consistent_matrix_has_zero_errors_and_no_warning():
    A = W[:, None] / W[None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = consistency(A)
    assert report.consistent and report.gci_consistent and report.alonso_lamata_consistent
    assert report.cr == pytest.approx(0, abs=1e-12)
    assert max(r.error for r in report.revisions) < 1e-12
    assert [r.suggested for r in report.revisions[:1]] in ([2.0], [4.0], [8.0])


def test_gci_threshold_and_alonso_lamata_limit_fields():
    report = consistency(TYPO, warn=False)
    assert report.gci_threshold == 0.35  # n = 4
    assert report.alonso_lamata_limit == pytest.approx(4 + 0.1 * (1.7699 * 4 - 4.3513))
    assert not report.alonso_lamata_consistent  # λmax is well above the limit
    assert not report.gci_consistent


def test_missing_judgments_get_no_revision():
    A = TYPO.copy()
    A[1, 2] = A[2, 1] = np.nan
    report = consistency(A, warn=False)
    assert len(report.revisions) == 5
    assert (1, 2) not in {(r.i, r.j) for r in report.revisions}


def test_two_by_two():
    report = consistency([[1, 5], [1 / 5, 1]])
    assert report.cr == 0 and report.consistent
    assert len(report.revisions) == 1 and report.revisions[0].error == pytest.approx(0, abs=1e-12)
    assert report.revisions[0].suggested == 5


def test_uses_pairwise_matrix_labels_and_frames():
    pm = PairwiseMatrix(TYPO, labels=("S", "W", "O", "T"))
    report = consistency(pm, warn=False)
    frame = report.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == 6
    assert list(frame.columns) == ["i", "j", "label_i", "label_j", "current", "consistent_value", "suggested", "error"]
    assert frame.iloc[0]["label_i"] == "S"
    data = report.to_dict()
    assert data["labels"] == ["S", "W", "O", "T"] and data["revisions"][0]["j"] == 3
    assert isinstance(report, ConsistencyReport) and isinstance(report.revisions[0], Revision)
    assert "S vs T" in repr(report.revisions[0])
    assert "consistent=False" in repr(report)


def test_threshold_and_ri_table_are_passed_through():
    report = consistency(TYPO, ri_table="alonso-lamata", threshold=0.5, warn=False)
    assert report.ri_table == "alonso-lamata"
    assert report.cr == pytest.approx(report.ci / 0.8815)
    assert report.consistent == (report.cr <= 0.5)


def test_inconsistency_never_raises():
    cycle = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    with pytest.warns(InconsistencyWarning):
        report = consistency(cycle)
    assert report.cr > 1


def test_consistency_takes_one_matrix():
    from mcda import MatrixError

    with pytest.raises(MatrixError, match="one matrix"):
        consistency(np.stack([TYPO, TYPO]))
