"""Bad arguments raise the package's own errors, which stay ValueError / TypeError for old callers."""

import pytest

import mcda


def test_random_index_beyond_saatys_table_is_a_rahbord_error_and_a_value_error():
    with pytest.raises(mcda.ArgumentError, match="alonso-lamata") as caught:
        mcda.random_index(16)
    assert isinstance(caught.value, mcda.RahbordError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "call, error, old",
    [
        (lambda: mcda.random_index(0), mcda.ArgumentError, ValueError),
        (lambda: mcda.random_index(4, table="nobody"), mcda.ArgumentError, ValueError),
        (lambda: mcda.random_index(4, table=3), mcda.ArgumentTypeError, TypeError),
        (lambda: mcda.gci_threshold(1), mcda.ArgumentError, ValueError),
    ],
)
def test_every_bad_argument_is_caught_by_the_one_tree_and_by_the_builtin(call, error, old):
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, mcda.RahbordError) and isinstance(caught.value, old)


def test_matrix_errors_are_argument_errors():
    assert issubclass(mcda.MatrixError, mcda.ArgumentError)
    with pytest.raises(mcda.ArgumentError):
        mcda.synthesize([0.5, 0.6], [1, 1], [[1, 0], [0, 1]], [0, 1])


def test_analysis_options_reject_bad_choices_with_the_package_error():
    from analysis import AnalysisOptions

    with pytest.raises(mcda.RahbordError, match="`aggregation` must be one of aij, aip"):
        AnalysisOptions(aggregation="median")
    for bad in ({"cr_threshold": 2}, {"robustness_draws": -1}):
        with pytest.raises(mcda.ArgumentError) as caught:
            AnalysisOptions(**bad)
        assert isinstance(caught.value, ValueError) and next(iter(bad)) in str(caught.value)
