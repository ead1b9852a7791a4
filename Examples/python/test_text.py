"""pytest suite for text models through the ctypes module: streaming, cancelling, determinism."""

import os
import threading

import pytest

import loom

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "Models", "SmolLM2-135M-Instruct.Q4_1.gguf")
pytestmark = pytest.mark.skipif(
    not os.path.exists(MODEL), reason="Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent (run Scripts/fetch-models)")
OPTIONS = {"max_tokens": 20, "temperature": 0.8, "top_k": 40, "top_p": 0.95}


@pytest.fixture(scope="module")
def model():
    with loom.TextModel(MODEL) as loaded:
        yield loaded


def test_streamed_tokens_make_the_text_and_a_seed_repeats_it(model):
    tokens = []
    text, finish = model.generate("Name three colours.", seed=7, on_token=tokens.append, **OPTIONS)
    assert text and "".join(tokens).strip() == text and finish in ("length", "end")
    assert model.generate("Name three colours.", seed=7, **OPTIONS) == (text, finish)
    assert model.generate("Name three colours.", seed=8, **OPTIONS)[0] != text


def test_the_callback_cancels(model):
    tokens = []
    text, finish = model.generate("Tell me about the sea.", seed=1, on_token=lambda t: tokens.append(t) or len(tokens) == 2,
                                  **OPTIONS)
    assert finish == "cancelled" and len(tokens) == 2 and text == "".join(tokens).strip()


def test_a_raw_greedy_continuation_and_a_model_found_by_name():
    with loom.TextModel("SmolLM2-135M-Instruct.Q4_1.gguf") as by_name:
        first = by_name.generate("Once upon a time", seed=1, chat=False, temperature=0, max_tokens=12)
        assert first == by_name.generate("Once upon a time", seed=2, chat=False, temperature=0, max_tokens=12)
        assert first[0] and first[1] in ("length", "end")


def test_two_models_on_two_threads_write_what_one_writes_alone(model):
    with loom.TextModel(MODEL) as second:
        results = {}

        def write(handle, seed):
            results[seed] = handle.generate("Name a colour.", seed=seed, **OPTIONS)

        threads = [threading.Thread(target=write, args=(model, 31)), threading.Thread(target=write, args=(second, 32))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results[31] == model.generate("Name a colour.", seed=31, **OPTIONS)
        assert results[32] == model.generate("Name a colour.", seed=32, **OPTIONS)


def test_bad_options_and_files(model, tmp_path):
    with pytest.raises(loom.LoomError) as unknown:
        model.generate("x", max_tokenz=3)
    assert unknown.value.status == "LOOM_ERROR_INVALID_ARGUMENT" and unknown.value.message.startswith("<options>:1:2:")
    with pytest.raises(loom.LoomError) as temperature:
        model.generate("x", temperature=11)
    assert "temperature must be in (0, 10]" in temperature.value.message
    with pytest.raises(loom.LoomError) as missing:
        loom.TextModel("no-such-model.gguf")
    assert missing.value.status == "LOOM_ERROR_IO" and "Scripts/fetch-models" in missing.value.message
    (tmp_path / "fake.gguf").write_bytes(b"not a model at all, just thirty bytes")
    with pytest.raises(loom.LoomError) as parse:
        loom.TextModel(tmp_path / "fake.gguf")
    assert parse.value.status == "LOOM_ERROR_PARSE"
