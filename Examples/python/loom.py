"""Loom from Python: a ctypes module over libloom (the C API in include/loom.h).

    import loom
    cave = loom.generate_map("caves", {"fillProbability": 0.5}, seed=42, width=64, height=40)
    print(cave.width, cave.height, cave.layers)      # 64 40 ['ground']
    tiles = cave.tiles()                              # array('H'), row by row
    with loom.World("Worlds/isles") as world, world.open(seed=12) as session:
        session.start()
        print(session.options())                      # [{"index": 0, "text": ...}, ...]
    with loom.TextModel("SmolLM2-135M-Instruct.Q4_1.gguf") as model:
        text, finish = model.generate("Name a colour.", seed=1, max_tokens=16, on_token=print)

The library is found through LOOM_LIBRARY (a path), else in the repository's .build/release or
.build/debug (libloom.so, or libLoomCShared.so as SwiftPM names it). Every failure raises
LoomError, carrying the C status name and Loom's located message.
"""

import array
import ctypes
import json
import os

_c_char_pp = ctypes.POINTER(ctypes.c_char_p)
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(os.path.dirname(_HERE))


def _find_library():
    override = os.environ.get("LOOM_LIBRARY")
    if override:
        return override
    for configuration in ("release", "debug"):
        for name in ("libloom.so", "libLoomCShared.so"):
            path = os.path.join(_ROOT, ".build", configuration, name)
            if os.path.exists(path):
                return path
    raise OSError("libloom not found: build it with Scripts/build-libloom or set LOOM_LIBRARY")


_lib = ctypes.CDLL(_find_library())
ABI_VERSION = 2


def _declare(name, *arguments):
    function = getattr(_lib, name)
    function.argtypes = list(arguments)
    function.restype = ctypes.c_int
    return function


_lib.loom_version.restype = ctypes.c_char_p
_lib.loom_abi_version.restype = ctypes.c_int32
_lib.loom_status_name.restype = ctypes.c_char_p
_lib.loom_status_name.argtypes = [ctypes.c_int]
_lib.loom_error_message.restype = ctypes.c_char_p
_lib.loom_error_message.argtypes = [ctypes.c_void_p]
_lib.loom_error_free.argtypes = [ctypes.c_void_p]
_lib.loom_string_free.argtypes = [ctypes.c_void_p]
_lib.loom_string_free.restype = None

if _lib.loom_abi_version() != ABI_VERSION:
    raise ImportError(f"libloom's ABI is {_lib.loom_abi_version()}; this module speaks {ABI_VERSION}")

_p = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)
_out_string = ctypes.POINTER(ctypes.c_void_p)
_map_generate = _declare(
    "loom_map_generate", ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_int32, ctypes.c_int32, _pp, _pp)
_map_free = _declare("loom_map_free", _p)
_map_size = _declare("loom_map_size", _p, ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int32), _pp)
_map_layer_count = _declare("loom_map_layer_count", _p, ctypes.POINTER(ctypes.c_int32), _pp)
_map_layer_name = _declare("loom_map_layer_name", _p, ctypes.c_int32, _out_string, _pp)
_map_copy_tiles = _declare(
    "loom_map_copy_tiles", _p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint16), ctypes.c_size_t, _pp)
_map_annotations = _declare("loom_map_annotations", _p, _out_string, _pp)
_map_export = _declare("loom_map_export", _p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int32, _pp)
_map_generators = _declare("loom_map_generators", _out_string, _pp)
_noise_fill = _declare(
    "loom_noise_fill", ctypes.c_char_p, ctypes.c_int32, ctypes.c_int32, ctypes.c_double, ctypes.c_double,
    ctypes.c_double, ctypes.POINTER(ctypes.c_float), ctypes.c_size_t, _pp)
_story_compile = _declare(
    "loom_story_compile", ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p, ctypes.c_uint64, _pp, _pp)
_story_free = _declare("loom_story_free", _p)
_story_continue = _declare("loom_story_continue", _p, ctypes.POINTER(ctypes.c_int), _out_string, _pp)
_story_choice_count = _declare("loom_story_choice_count", _p, ctypes.POINTER(ctypes.c_int32), _pp)
_story_choice = _declare("loom_story_choice", _p, ctypes.c_int32, _out_string, ctypes.POINTER(ctypes.c_int32), _pp)
_story_choose = _declare("loom_story_choose", _p, ctypes.c_int32, _pp)
_story_variable = _declare("loom_story_variable", _p, ctypes.c_char_p, _out_string, _pp)
_story_set_variable = _declare("loom_story_set_variable", _p, ctypes.c_char_p, ctypes.c_char_p, _pp)
_story_save = _declare(
    "loom_story_save", _p, ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t), _pp)
_story_load = _declare("loom_story_load", _p, ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t, _pp)
_i32p = ctypes.POINTER(ctypes.c_int32)
_fp = ctypes.POINTER(ctypes.c_float)
_bytes_out = (ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t))
_story_choices_json = _declare("loom_story_choices_json", _p, _out_string, _pp)
_story_choose_text = _declare("loom_story_choose_text", _p, ctypes.c_char_p, _i32p, _i32p, _fp, _pp)
_world_load = _declare("loom_world_load", ctypes.c_char_p, ctypes.c_int32, _pp, _pp)
_world_free = _declare("loom_world_free", _p)
_session_open = _declare("loom_session_open", _p, ctypes.POINTER(ctypes.c_uint64), _pp, _pp)
_session_free = _declare("loom_session_free", _p)
_session_map = _declare("loom_session_map", _p, _pp, _pp)
_session_start = _declare("loom_session_start", _p, ctypes.c_char_p, _pp)
_session_enter = _declare("loom_session_enter", _p, ctypes.c_int32, ctypes.c_int32, _out_string, _pp)
_session_options_json = _declare("loom_session_options_json", _p, _out_string, _pp)
_session_choose = _declare("loom_session_choose", _p, ctypes.c_int32, _pp)
_session_choose_text = _declare("loom_session_choose_text", _p, ctypes.c_char_p, _i32p, _i32p, _fp, _pp)
_session_event_count = _declare("loom_session_event_count", _p, _i32p, _pp)
_session_event = _declare(
    "loom_session_event", _p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int), _out_string, _i32p, _i32p, _pp)
_session_save = _declare("loom_session_save", _p, *_bytes_out, _pp)
_session_load = _declare("loom_session_load", _p, ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t, _pp)
_TOKEN_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p)
_text_model_load = _declare("loom_text_model_load", ctypes.c_char_p, ctypes.c_char_p, _pp, _pp)
_text_model_free = _declare("loom_text_model_free", _p)
_text_model_generate = _declare(
    "loom_text_model_generate", _p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_char_p, _TOKEN_CALLBACK, _p,
    _out_string, ctypes.POINTER(ctypes.c_int), _pp)


class LoomError(Exception):
    """A failed call: `status` is the C name (LOOM_ERROR_PARSE…), `message` Loom's located text."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


def version():
    """The release of the loaded library, e.g. "0.1.0"."""
    return _lib.loom_version().decode()


def _call(function, *arguments):
    error = ctypes.c_void_p()
    status = function(*arguments, ctypes.byref(error))
    if status != 0:
        message = _lib.loom_error_message(error).decode() if error.value else ""
        _lib.loom_error_free(error)
        raise LoomError(_lib.loom_status_name(status).decode(), message)


def _take_string(pointer):
    """Copies and frees a string the library returned."""
    if not pointer.value:
        return None
    text = ctypes.string_at(pointer.value).decode()
    _lib.loom_string_free(pointer)
    return text


def _utf8(text):
    return None if text is None else text.encode("utf-8", "surrogateescape")


def generators():
    """Every registered map generator: [{"name", "summary", "parameters"}]."""
    out = ctypes.c_void_p()
    _call(_map_generators, ctypes.byref(out))
    return json.loads(_take_string(out))


class _Handle:
    """A library handle freed by `_free` when closed, at the end of a `with` block, or when collected."""

    _free = None
    _handle = ctypes.c_void_p()

    def close(self):
        if self._handle.value:
            type(self)._free(self._handle)
            self._handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def __del__(self):
        self.close()


class Map(_Handle):
    """A generated map (immutable). Free it with close(), or use it in a `with` block."""

    _free = staticmethod(_map_free)

    def __init__(self, handle):
        self._handle = ctypes.c_void_p(handle)
        width, height, count = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
        _call(_map_size, self._handle, ctypes.byref(width), ctypes.byref(height))
        _call(_map_layer_count, self._handle, ctypes.byref(count))
        self.width, self.height = width.value, height.value
        self.layers = []
        for index in range(count.value):
            name = ctypes.c_void_p()
            _call(_map_layer_name, self._handle, index, ctypes.byref(name))
            self.layers.append(_take_string(name))

    def tiles(self, layer=None):
        """The layer's tile ids, row by row: cell (x, y) at [y * width + x]."""
        buffer = (ctypes.c_uint16 * (self.width * self.height))()
        _call(_map_copy_tiles, self._handle, _utf8(layer), buffer, len(buffer))
        return array.array("H", buffer)

    def annotations(self):
        """Rooms, doors, corridors, regions, rivers and places, as dictionaries."""
        out = ctypes.c_void_p()
        _call(_map_annotations, self._handle, ctypes.byref(out))
        return json.loads(_take_string(out))

    def export(self, path, layer=None, scale=1):
        """Writes the map; the extension picks the format (.png, .tmj, .json, .txt)."""
        _call(_map_export, self._handle, _utf8(str(path)), _utf8(layer), scale)



def generate_map(generator, parameters=None, seed=0, width=0, height=0):
    """A map from a registered generator; `parameters` name only what they change."""
    handle = ctypes.c_void_p()
    text = None if parameters is None else (parameters if isinstance(parameters, str) else json.dumps(parameters))
    _call(_map_generate, _utf8(generator), _utf8(text), seed, width, height, ctypes.byref(handle))
    return Map(handle.value)


def noise(config=None, width=64, height=64, origin=(0.0, 0.0), step=1.0):
    """width x height samples of 2D noise, row by row, as array('f')."""
    buffer = (ctypes.c_float * (width * height))()
    text = None if config is None else json.dumps(config)
    _call(_noise_fill, _utf8(text), width, height, origin[0], origin[1], step, buffer, len(buffer))
    return array.array("f", buffer)


class Story(_Handle):
    """A Yarn or ink story: continue_() gives ("line", text), ("choices", [(text, available)]) or ("end", None)."""

    _free = staticmethod(_story_free)

    def __init__(self, paths, start=None, seed=0):
        encoded = [_utf8(str(path)) for path in paths]
        array_type = ctypes.c_char_p * len(encoded)
        handle = ctypes.c_void_p()
        _call(_story_compile, array_type(*encoded), len(encoded), _utf8(start), seed, ctypes.byref(handle))
        self._handle = handle

    def continue_(self):
        event, line = ctypes.c_int(), ctypes.c_void_p()
        _call(_story_continue, self._handle, ctypes.byref(event), ctypes.byref(line))
        if event.value == 0:
            return "line", _take_string(line)
        if event.value == 1:
            count = ctypes.c_int32()
            _call(_story_choice_count, self._handle, ctypes.byref(count))
            choices = []
            for index in range(count.value):
                text, available = ctypes.c_void_p(), ctypes.c_int32()
                _call(_story_choice, self._handle, index, ctypes.byref(text), ctypes.byref(available))
                choices.append((_take_string(text), bool(available.value)))
            return "choices", choices
        return "end", None

    def choose(self, index):
        _call(_story_choose, self._handle, index)

    def variable(self, name):
        out = ctypes.c_void_p()
        _call(_story_variable, self._handle, _utf8(name), ctypes.byref(out))
        return json.loads(_take_string(out))

    def set_variable(self, name, value):
        _call(_story_set_variable, self._handle, _utf8(name), _utf8(json.dumps(value)))

    def choices(self):
        """The waiting choices: [{"index", "text", "available", "tags"}] ([] when none wait)."""
        out = ctypes.c_void_p()
        _call(_story_choices_json, self._handle, ctypes.byref(out))
        return json.loads(_take_string(out))

    def choose_text(self, text):
        """Chooses by typed text (Yarn and ink; needs the sentence model): (matched, index, score)."""
        return _typed_choice(_story_choose_text, self._handle, text)

    def save(self):
        """The story's state as bytes, in its runtime's versioned format."""
        return _saved(_story_save, self._handle)

    def load(self, data):
        _loaded(_story_load, self._handle, data)


def _saved(function, handle):
    """The bytes a save function writes: its size first, then the bytes."""
    size = ctypes.c_size_t()
    _call(function, handle, None, 0, ctypes.byref(size))
    buffer = (ctypes.c_uint8 * size.value)()
    _call(function, handle, buffer, size.value, ctypes.byref(size))
    return bytes(buffer)


def _loaded(function, handle, data):
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    _call(function, handle, buffer, len(data))


def _typed_choice(function, handle, text):
    matched, index, score = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_float()
    _call(function, handle, _utf8(text), ctypes.byref(matched), ctypes.byref(index), ctypes.byref(score))
    return bool(matched.value), index.value, score.value


EVENT_KINDS = ("entered", "node", "line", "options", "choice", "typed", "command", "text_source")


class World(_Handle):
    """A loaded world folder (world.lua, its story, its text). open() starts a playthrough."""

    _free = staticmethod(_world_free)

    def __init__(self, folder, text_model=False):
        handle = ctypes.c_void_p()
        _call(_world_load, _utf8(str(folder)), int(text_model), ctypes.byref(handle))
        self._handle = handle

    def open(self, seed=None):
        """Generates the world at `seed` (None: the world's own) and opens a Session on it."""
        handle = ctypes.c_void_p()
        seed_pointer = None if seed is None else ctypes.byref(ctypes.c_uint64(seed))
        _call(_session_open, self._handle, seed_pointer, ctypes.byref(handle))
        return Session(handle)


class Session(_Handle):
    """One playthrough: its live map, the story, events, saves."""

    _free = staticmethod(_session_free)

    def __init__(self, handle):
        self._handle = handle

    def map(self):
        """A copy of the live map, as a Map."""
        handle = ctypes.c_void_p()
        _call(_session_map, self._handle, ctypes.byref(handle))
        return Map(handle.value)

    def start(self, node=None):
        """Starts the dialogue (None: the world's start node) and plays to the first options."""
        _call(_session_start, self._handle, _utf8(node))

    def enter(self, x, y):
        """The player entered cell (x, y); the node world.lua's on_enter started there, or None."""
        node = ctypes.c_void_p()
        _call(_session_enter, self._handle, x, y, ctypes.byref(node))
        return _take_string(node)

    def options(self):
        """The waiting options: [{"index", "text", "available", "tags"}]."""
        out = ctypes.c_void_p()
        _call(_session_options_json, self._handle, ctypes.byref(out))
        return json.loads(_take_string(out))

    def choose(self, index):
        """Chooses option `index` (0-based) and plays on."""
        _call(_session_choose, self._handle, index)

    def choose_text(self, text):
        """Chooses by typed text (needs the sentence model): (matched, index, score)."""
        return _typed_choice(_session_choose_text, self._handle, text)

    def events(self, start=0):
        """Events from `start` on, each (kind, text, x, y) with kind one of EVENT_KINDS."""
        count = ctypes.c_int32()
        _call(_session_event_count, self._handle, ctypes.byref(count))
        events = []
        for index in range(start, count.value):
            kind, text, x, y = ctypes.c_int(), ctypes.c_void_p(), ctypes.c_int32(), ctypes.c_int32()
            _call(_session_event, self._handle, index, ctypes.byref(kind), ctypes.byref(text), ctypes.byref(x),
                  ctypes.byref(y))
            events.append((EVENT_KINDS[kind.value], _take_string(text), x.value, y.value))
        return events

    def save(self):
        """The playthrough as the world save format's JSON bytes."""
        return _saved(_session_save, self._handle)

    def load(self, data):
        """Continues a save of this world at this session's seed."""
        _loaded(_session_load, self._handle, data)


TEXT_FINISHES = ("length", "sentence_end", "stop_string", "end", "cancelled")


class TextModel(_Handle):
    """A transformer (a GGUF file, or llama2.c with its tokenizer) found by path or on Loom's model path."""

    _free = staticmethod(_text_model_free)

    def __init__(self, model, tokenizer=None):
        handle = ctypes.c_void_p()
        _call(_text_model_load, _utf8(str(model)), _utf8(tokenizer), ctypes.byref(handle))
        self._handle = handle

    def generate(self, prompt, seed=0, on_token=None, **options):
        """(text, finish): the same prompt, seed and options give the same text.

        `options` are loom_text_model_generate's keys (max_tokens or maxTokens, temperature,
        top_k, chat, system, stop, ...). `on_token(text)` sees each token as it is made; a true
        return value stops the text there (finish "cancelled").
        """
        names = {key: "".join(part.capitalize() if i else part for i, part in enumerate(key.split("_")))
                 for key in options}
        text_options = json.dumps({names[key]: value for key, value in options.items()})

        def forward(token, length, _):
            return 1 if on_token(ctypes.string_at(token, length).decode("utf-8", "replace")) else 0

        callback = _TOKEN_CALLBACK(forward) if on_token else _TOKEN_CALLBACK()
        out, finish = ctypes.c_void_p(), ctypes.c_int()
        _call(_text_model_generate, self._handle, _utf8(prompt), seed, _utf8(text_options), callback, None,
              ctypes.byref(out), ctypes.byref(finish))
        return _take_string(out), TEXT_FINISHES[finish.value]

