"""pytest suite for worlds through the ctypes module: load a folder, play a session, choose by
number and by typed text, read its events and round-trip its save."""

import os
import subprocess
import sys

import pytest

import loom

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISLES = os.path.join(ROOT, "Worlds", "isles")
SENTENCE_MODEL = os.path.join(ROOT, "Models", "all-MiniLM-L6-v2")
needs_sentence_model = pytest.mark.skipif(
    not os.path.isdir(SENTENCE_MODEL), reason="Models/all-MiniLM-L6-v2 is absent (run Scripts/fetch-models)")


def test_a_session_plays_chooses_and_round_trips_its_save():
    with loom.World(ISLES) as world, world.open(seed=12) as session:
        with session.map() as live:
            assert (live.width, live.height) == (128, 96)
        assert session.options() == []
        session.start()
        options = session.options()
        assert len(options) == 3 and [option["index"] for option in options] == [0, 1, 2]
        assert options[0]["text"].startswith("Set sail for ")
        assert options[0]["tags"] == ["hint:sail,go_to_the_capital"] and options[0]["available"]
        events = session.events()
        assert events[0] == ("node", "Start", 0, 0)
        assert events[-1][0] == "options" and events[-1][2] == 3
        saved = session.save()

        session.choose(1)
        after = session.events(len(events))
        assert after[0] == ("choice", "Explore the wilds first", 2, 0)
        assert any(kind == "line" and text == "Captain: As you wish. Mind the currents." for kind, text, _, _ in after)

        with world.open(seed=12) as resumed:
            resumed.load(saved)
            assert resumed.options() == options
            assert resumed.save() == saved
        with world.open(seed=13) as other, pytest.raises(loom.LoomError) as foreign:
            other.load(saved)
        assert foreign.value.status == "LOOM_ERROR_RUNTIME" and "seed 12" in foreign.value.message


def test_entering_a_town_starts_its_storylet():
    with loom.World(ISLES) as world, world.open(seed=12) as session:
        with session.map() as live:
            town = next(note for note in live.annotations() if note["kind"] == "town")
        x, y = town["rect"]["x"], town["rect"]["y"]
        assert session.enter(x, y) == "Arrive"
        entered, node = session.events()[:2]
        assert entered == ("entered", town["name"], x, y)
        # The node group's variant for a town (Arrive.2, …), chosen by its `when:` condition.
        assert node[0] == "node" and node[1].startswith("Arrive.")
        with pytest.raises(loom.LoomError) as outside:
            session.enter(-1, 0)
        assert outside.value.status == "LOOM_ERROR_INVALID_ARGUMENT" and "outside the 128x96 map" in outside.value.message


def test_the_same_seed_makes_the_same_world():
    with loom.World(ISLES) as world:
        with world.open(seed=5) as first, world.open(seed=5) as second, world.open(seed=6) as third:
            with first.map() as a, second.map() as b, third.map() as c:
                assert a.tiles() == b.tiles() and a.tiles() != c.tiles()


def test_world_errors_have_their_own_statuses(tmp_path):
    with pytest.raises(loom.LoomError) as missing:
        loom.World(tmp_path / "nowhere")
    assert missing.value.status == "LOOM_ERROR_NOT_FOUND" and "no such world folder" in missing.value.message
    (tmp_path / "raises").mkdir()
    (tmp_path / "raises" / "world.lua").write_text("local tide = 3\nerror('the tide is ' .. tide)\n")
    with pytest.raises(loom.LoomError) as lua:
        loom.World(tmp_path / "raises")
    assert lua.value.status == "LOOM_ERROR_RUNTIME" and "world.lua:2" in lua.value.message
    assert "the tide is 3" in lua.value.message
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "world.lua").write_text("return {}\n")
    (tmp_path / "json" / "grammar.json").write_text('{"line": ["a",\n')
    with pytest.raises(loom.LoomError) as parse:
        loom.World(tmp_path / "json")
    assert parse.value.status == "LOOM_ERROR_PARSE" and "grammar.json:" in parse.value.message


@needs_sentence_model
def test_typed_text_chooses_an_option():
    with loom.World(ISLES) as world, world.open(seed=12) as session:
        session.start()
        count = len(session.events())
        assert session.choose_text("sing me a song about cheese")[0] is False
        assert session.options() != []
        matched, index, score = session.choose_text("let's look around the island")
        assert (matched, index) == (True, 1) and score >= 0.35
        kinds = [event[0] for event in session.events(count)]
        assert kinds[:4] == ["typed", "options", "typed", "choice"]


@needs_sentence_model
def test_an_ink_world_chooses_by_number_and_by_typed_text():
    with loom.World(os.path.join(ROOT, "Worlds", "lighthouse")) as world, world.open() as session:
        session.start("cottage")
        options = session.options()
        assert [option["text"] for option in options] == ["Ask about the lamp", "Ask about the weather"]
        count = len(session.events())
        matched, index, score = session.choose_text(options[1]["text"])
        assert (matched, index) == (True, 1) and score > 0.9
        assert [event[0] for event in session.events(count)][:2] == ["typed", "choice"]
    with loom.World(os.path.join(ROOT, "Worlds", "lighthouse")) as world, world.open() as session:
        session.start("cottage")
        options = session.options()
        count = len(session.events())
        session.choose(0)
        assert session.events(count)[0][:3] == ("choice", options[0]["text"], 1)


def test_typed_choices_without_the_model_say_how_to_get_it(tmp_path):
    story = tmp_path / "s.yarn"
    story.write_text("title: Start\n---\nHi.\n-> Wave\n-> Leave\n===\n")
    script = (
        "import loom\n"
        f"story = loom.Story([{str(story)!r}])\n"
        "while story.continue_()[0] == 'line': pass\n"
        "try:\n    story.choose_text('wave')\nexcept loom.LoomError as error:\n"
        "    print(error.status)\n    print(error.message)\n"
        "story.choose(0)\nprint(story.continue_())\n")
    environment = {key: value for key, value in os.environ.items() if key != "LOOM_MODELS"}
    environment["PYTHONPATH"] = os.path.dirname(os.path.abspath(__file__))
    ran = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True)
    lines = ran.stdout.splitlines()
    assert ran.returncode == 0, ran.stderr
    assert lines[0] == "LOOM_ERROR_NOT_FOUND"
    assert "Scripts/fetch-models" in lines[1] and "Option numbers still work" in lines[1]
    assert lines[2] == "('end', None)"
