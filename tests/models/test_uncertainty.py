from rasharp.uncertainty import worth_review


def test_a_model_flag_is_kept_only_when_the_grade_may_be_two_or_more_away():
    assert not worth_review(1, [0.05, 0.80, 0.15, 0, 0, 0], model_flag=True)
    assert worth_review(1, [0, 0.80, 0.05, 0.15, 0, 0], model_flag=True)
    assert worth_review(2, [0, 0.30, 0.45, 0.25, 0, 0], model_flag=True)  # no grade over half
    assert not worth_review(1, [0, 0.40, 0, 0.60, 0, 0], model_flag=False)  # the model is sure
    assert worth_review(0, [0.70, 0.05, 0.25, 0, 0], model_flag=True)  # at the edge of the range
    assert not worth_review(None, [], model_flag=True)
