"""Saaty's 1–9 scale: values, labels, parsing of written judgments, nearest scale value."""

import numpy as np
import pytest

import mcda
from mcda import SAATY_VALUES, VERBAL_LABELS, ScaleError, nearest_scale_value, parse_judgment


def test_saaty_values_are_the_17_values_of_the_fundamental_scale():
    # Saaty (2008), Table 1: intensities 1–9 and their reciprocals.
    expected = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    np.testing.assert_allclose(SAATY_VALUES, expected)
    assert np.all(np.diff(SAATY_VALUES) > 0)
    assert not SAATY_VALUES.flags.writeable


def test_verbal_labels_cover_1_to_9_in_english_and_persian():
    assert sorted(VERBAL_LABELS) == list(range(1, 10))
    # Saaty (2008), Table 1 anchors.
    assert VERBAL_LABELS[1][0] == "Equal importance"
    assert VERBAL_LABELS[3][0] == "Moderate importance"
    assert VERBAL_LABELS[5][0] == "Strong importance"
    assert VERBAL_LABELS[7][0] == "Very strong importance"
    assert VERBAL_LABELS[9][0] == "Extreme importance"
    english = [en for en, _ in VERBAL_LABELS.values()]
    persian = [fa for _, fa in VERBAL_LABELS.values()]
    assert len(set(english)) == 9 and len(set(persian)) == 9


@pytest.mark.parametrize(
    ("written", "value"),
    [
        (3, 3.0),
        (0.5, 0.5),
        (np.float64(7), 7.0),
        (np.int64(9), 9.0),
        ("3", 3.0),
        ("  5 ", 5.0),
        ("1/3", 1 / 3),
        (" 1 / 3 ", 1 / 3),
        ("1⁄7", 1 / 7),
        ("۳", 3.0),
        ("۱/۳", 1 / 3),
        ("۱ / ۹", 1 / 9),
        ("٣", 3.0),
        ("١/٥", 1 / 5),
        ("2.5", 2.5),
        ("۲٫۵", 2.5),
        (0.333, 0.333),
        (0.111, 0.111),
        ("9", 9.0),
    ],
)
def test_parse_judgment_accepts_numbers_fractions_and_persian_arabic_digits(written, value):
    assert parse_judgment(written) == pytest.approx(value)


@pytest.mark.parametrize(("value", "labels"), list(VERBAL_LABELS.items()))
def test_parse_judgment_accepts_every_verbal_label_in_both_languages(value, labels):
    english, persian = labels
    assert parse_judgment(english) == value
    assert parse_judgment(english.upper()) == value
    assert parse_judgment(f"  {english.lower()}  ") == value
    assert parse_judgment(persian) == value


def test_persian_labels_tolerate_arabic_letters_and_zwnj_variants():
    assert parse_judgment("اهمیت فوق العاده") == 9  # space instead of ZWNJ
    assert parse_judgment("اهميت يكسان") == 1  # Arabic yeh and kaf


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        (0, "0 would mean"),
        ("0", "0 would mean"),
        (-3, "negative"),
        ("-1/3", "negative"),
        ("ten", "not on the 1–9 scale"),
        ("", "empty"),
        ("   ", "empty"),
        (10, "off the 1–9 scale"),
        ("1/10", "off the 1–9 scale"),
        (0.05, "off the 1–9 scale"),
        (float("nan"), "NaN"),
        (float("inf"), "infinite"),
        ("1/0", "divides by zero"),
        (None, "not a judgment"),
        (True, "not a judgment"),
        ([3], "not a judgment"),
        ("3/", "not on the 1–9 scale"),
        ("÷3", "not on the 1–9 scale"),
    ],
)
def test_parse_judgment_rejects_with_a_teaching_message(written, fragment):
    with pytest.raises(ScaleError) as info:
        parse_judgment(written)
    message = str(info.value)
    assert fragment in message
    assert repr(written) in message  # says what was given
    if fragment not in ("empty",):
        assert "1/2" in message or "1/9" in message or "leave the cell empty" in message  # says what is accepted


def test_scale_error_is_a_matrix_error_and_a_value_error():
    assert issubclass(ScaleError, mcda.MatrixError)
    assert issubclass(ScaleError, ValueError)
    assert issubclass(ScaleError, mcda.RahbordError)


def test_nearest_scale_value_works_in_log_space_and_vectorised():
    assert nearest_scale_value(2.6) == 3.0
    assert nearest_scale_value(1 / 2.6) == pytest.approx(1 / 3)
    # sqrt(2·3) ≈ 2.449 is the log-midpoint of 2 and 3: 2.4 → 2, 2.5 → 3.
    assert nearest_scale_value(2.4) == 2.0
    assert nearest_scale_value(2.5) == 3.0
    out = nearest_scale_value(np.array([[0.1, 1.0], [100.0, np.nan]]))
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out[0], [1 / 9, 1.0])
    assert out[1, 0] == 9.0 and np.isnan(out[1, 1])
    assert isinstance(nearest_scale_value(3.0), float)


def test_nearest_scale_value_is_symmetric_under_reciprocals():
    # 397 points avoid landing exactly on a log-midpoint (a tie, where either neighbour is right).
    x = np.exp(np.linspace(np.log(1 / 11.3), np.log(12.7), 397))
    np.testing.assert_allclose(nearest_scale_value(1 / x), 1 / nearest_scale_value(x))


def test_every_scale_value_is_its_own_nearest_value():
    np.testing.assert_allclose(nearest_scale_value(SAATY_VALUES), SAATY_VALUES)
