"""The request model validates on construction, in from_dict, and again before sending a changed model."""

from __future__ import annotations

import pytest
from kling_client import RequestValidationError
from kling_client.models import ImageGenerationRequest


def test_checked_payload_is_the_wire_form() -> None:
    request = ImageGenerationRequest(model_name="kling-v1", prompt="a seaside", n=2)
    assert request.checked_payload() == {"model_name": "kling-v1", "prompt": "a seaside", "n": 2}
    assert request.checked_payload() == request.to_dict()


def test_a_changed_model_is_validated_again_before_sending() -> None:
    request = ImageGenerationRequest(model_name="kling-v1", prompt="a seaside", n=2)
    request.n = 10
    with pytest.raises(RequestValidationError) as info:
        request.checked_payload()
    assert (info.value.field, info.value.rule, info.value.value) == ("n", "maximum", 10)
    assert info.value.evidence == "Value range: [1, 9]"


def test_error_message_names_field_rule_value_and_sentence() -> None:
    with pytest.raises(RequestValidationError) as info:
        ImageGenerationRequest(model_name="kling-v1", prompt="x" * 2501, n=1)
    message = str(info.value)
    assert "prompt" in message and "2500" in message and "Positive text prompts cannot exceed" in message
    assert isinstance(info.value, ValueError)


def test_unset_optional_fields_are_not_sent_and_enums_take_strings() -> None:
    request = ImageGenerationRequest(model_name="kling-v2", prompt="p", n=1, aspect_ratio="16:9")
    assert request.to_dict() == {"model_name": "kling-v2", "prompt": "p", "n": 1, "aspect_ratio": "16:9"}
