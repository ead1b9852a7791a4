"""pytest suite for the ctypes module: maps, noise, a story played and its save round-tripped."""

import pytest

import loom

PURSE = """title: Start
---
<<declare $gold = 2>>
You have {$gold} coins.
-> Spend one
    <<set $gold -= 1>>
-> Beg <<if false>>
Done.
===
"""


def play(story):
    """Lines until choices or the end, and that event."""
    lines = []
    while True:
        kind, value = story.continue_()
        if kind != "line":
            return lines, kind, value
        lines.append(value)


def test_version_and_generators():
    assert loom.version().count(".") == 2
    names = [generator["name"] for generator in loom.generators()]
    assert names == ["terrain", "caves", "dungeon", "maze"]


def test_generate_a_map():
    with loom.generate_map("dungeon", {"algorithm": "digger"}, seed=7, width=60, height=40) as dungeon:
        assert (dungeon.width, dungeon.height, dungeon.layers) == (60, 40, ["ground"])
        tiles = dungeon.tiles()
        assert len(tiles) == 60 * 40
        assert any(annotation["kind"] == "room" for annotation in dungeon.annotations())
        with loom.generate_map("dungeon", '{"algorithm": "digger"}', seed=7, width=60, height=40) as again:
            assert again.tiles() == tiles
        with loom.generate_map("dungeon", {"algorithm": "digger"}, seed=8, width=60, height=40) as other:
            assert other.tiles() != tiles


def test_terrain_has_two_layers_and_exports(tmp_path):
    with loom.generate_map("terrain", {"shape": "island"}, seed=3, width=48, height=48) as terrain:
        assert terrain.layers == ["ground", "biome"]
        assert len(terrain.tiles("biome")) == 48 * 48
        terrain.export(tmp_path / "island.png", scale=2)
        assert (tmp_path / "island.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_parameters_raise_located_errors():
    with pytest.raises(loom.LoomError) as unknown:
        loom.generate_map("cave")
    assert unknown.value.status == "LOOM_ERROR_NOT_FOUND"
    assert "expected one of: terrain, caves, dungeon, maze" in unknown.value.message
    with pytest.raises(loom.LoomError) as key:
        loom.generate_map("caves", {"fill": 0.4})
    assert key.value.status == "LOOM_ERROR_INVALID_ARGUMENT"
    assert key.value.message.startswith("<parameters>:1:2: error:")
    with pytest.raises(loom.LoomError) as syntax:
        loom.generate_map("caves", '{"fillProbability": }')
    assert syntax.value.status == "LOOM_ERROR_PARSE"
    with pytest.raises(loom.LoomError) as utf8:
        loom.generate_map("cav\udcff")
    assert utf8.value.status == "LOOM_ERROR_INVALID_UTF8"


def test_noise_is_deterministic():
    config = {"seed": 7, "noiseType": "perlin", "frequency": 0.05}
    first = loom.noise(config, 32, 16)
    assert len(first) == 32 * 16 and first == loom.noise(config, 32, 16)
    assert first != loom.noise(dict(config, seed=8), 32, 16)
    assert all(-1.0 <= value <= 1.0 for value in first)


def test_play_a_story_and_round_trip_its_save(tmp_path):
    path = tmp_path / "purse.yarn"
    path.write_text(PURSE)
    with loom.Story([path], seed=5) as story:
        lines, kind, choices = play(story)
        assert lines == ["You have 2 coins."]
        assert kind == "choices" and choices == [("Spend one", True), ("Beg", False)]
        saved = story.save()
        story.choose(0)
        assert play(story) == (["Done."], "end", None)
        assert story.variable("$gold") == 1

        story.load(saved)
        assert story.variable("$gold") == 2
        assert play(story)[1:] == ("choices", choices)
        story.set_variable("$gold", 10)
        story.choose(0)
        play(story)
        assert story.variable("$gold") == 9
    with loom.Story([path], seed=5) as fresh:
        fresh.load(saved)
        assert play(fresh)[1] == "choices"
        with pytest.raises(loom.LoomError):
            fresh.load(b"not a save")


def test_story_errors_are_located(tmp_path):
    broken = tmp_path / "broken.yarn"
    broken.write_text("title: Start\n---\n<<if $x>>\nNever closed.\n===\n")
    with pytest.raises(loom.LoomError) as error:
        loom.Story([broken])
    assert error.value.status == "LOOM_ERROR_PARSE"
    assert str(broken) + ":" in error.value.message
