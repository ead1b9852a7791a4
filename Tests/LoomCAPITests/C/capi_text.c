/* Text models through the C API: streaming, cancelling, determinism, options, threads. The
 * llama2.c checks use a tiny fixture in the repository; the others need
 * Models/SmolLM2-135M-Instruct.Q4_1.gguf (Scripts/fetch-models), and without it are skipped with
 * a SKIP line saying so. */
#include "check.h"

#include <pthread.h>
#include <stdlib.h>

#define MODEL "SmolLM2-135M-Instruct.Q4_1.gguf"

/* What the token callback collects: the tokens joined, how many, and when to cancel. */
struct stream {
    char text[4096];
    int tokens;
    int cancel_after;     /* 0: never */
    loom_text_model *reenter; /* a model to call from inside the callback, or NULL */
    loom_status reentered;
};

static int32_t collect(const char *token, size_t length, void *user_data) {
    struct stream *stream = user_data;
    if (strlen(token) != length) return 1;
    strncat(stream->text, token, sizeof stream->text - strlen(stream->text) - 1);
    stream->tokens++;
    if (stream->reenter) {
        stream->reentered = loom_text_model_generate(stream->reenter, "x", 1, NULL, NULL, NULL, NULL, NULL, NULL);
        stream->reenter = NULL;
    }
    return stream->cancel_after > 0 && stream->tokens >= stream->cancel_after;
}

/* `text` without the spaces at its ends, as the library returns the whole text. */
static const char *trimmed(char *text) {
    while (*text == ' ' || *text == '\n') text++;
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\n')) text[--length] = 0;
    return text;
}

/* Generates and returns the text (the caller frees it), or NULL on failure. */
static char *generate(loom_text_model *model, const char *prompt, uint64_t seed, const char *options) {
    char *text = NULL;
    if (loom_text_model_generate(model, prompt, seed, options, NULL, NULL, &text, NULL, NULL) != LOOM_OK) return NULL;
    return text;
}

static int same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* FNV-1a over a string's bytes: the Swift test hashes TransformerGenerator's text the same way. */
static unsigned long long fnv_text(const char *text) {
    unsigned long long hash = 14695981039346656037ULL;
    for (const unsigned char *byte = (const unsigned char *)text; *byte; byte++) hash = (hash ^ *byte) * 1099511628211ULL;
    return hash;
}

static const char *const chat_options = "{\"maxTokens\": 24, \"temperature\": 0.8, \"topK\": 40, \"topP\": 0.95}";

/* Two models on two threads at once write what one model writes alone. */
struct writer {
    loom_text_model *model;
    uint64_t seed;
    char *text;
};

static void *write_text(void *argument) {
    struct writer *writer = argument;
    writer->text = generate(writer->model, "Name a colour.", writer->seed, chat_options);
    return NULL;
}

static void test_threads(loom_text_model *first) {
    loom_text_model *second = NULL;
    CHECK(loom_text_model_load(MODEL, NULL, &second, NULL) == LOOM_OK);
    struct writer writers[2] = {{first, 31, NULL}, {second, 32, NULL}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) CHECK(pthread_create(&threads[i], NULL, write_text, &writers[i]) == 0);
    for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < 2; i++) {
        char *alone = generate(first, "Name a colour.", writers[i].seed, chat_options);
        CHECK(alone && alone[0] && same(writers[i].text, alone));
        loom_string_free(alone);
        loom_string_free(writers[i].text);
    }
    CHECK(loom_text_model_free(second) == LOOM_OK);
}

/* A llama2.c checkpoint with its tokenizer (a tiny fixture of LoomTextTests; needs no download). */
static void test_llama2c(void) {
    const char *checkpoint = "Tests/LoomTextTests/Fixtures/Transformer/tiny-shared.bin";
    loom_text_model *tiny = NULL;
    CHECK(loom_text_model_load(checkpoint, "Tests/LoomTextTests/Fixtures/Transformer/tiny-tokenizer.bin", &tiny, NULL)
          == LOOM_OK);
    struct stream stream = {{0}, 0, 0, NULL, LOOM_OK};
    char *text = NULL;
    loom_text_finish finish = LOOM_TEXT_CANCELLED;
    CHECK(loom_text_model_generate(tiny, "Once", 3, "{\"maxTokens\": 8}", collect, &stream, &text, &finish, NULL)
          == LOOM_OK);
    CHECK(finish == LOOM_TEXT_LENGTH && stream.tokens == 8 && same(trimmed(stream.text), text));
    char *again = generate(tiny, "Once", 3, "{\"maxTokens\": 8}");
    CHECK(same(again, text));
    loom_string_free(again);
    loom_string_free(text);
    /* No chat template of its own: a chat needs one named. */
    CHECK_FAILS(loom_text_model_generate(tiny, "hi", 1, "{\"chat\": true}", NULL, NULL, NULL, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "the model names no chat template");
    /* With one named, the chat is written (and is too long for this model's 32-token context). */
    CHECK_FAILS(loom_text_model_generate(tiny, "hi", 1, "{\"chat\": true, \"chatTemplate\": \"chatml\"}", NULL, NULL,
                                         NULL, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "the model's context holds 32");
    loom_text_model_free(tiny);
    /* Without a tokenizer, tokenizer.bin beside the checkpoint, which this folder lacks. */
    CHECK_FAILS(loom_text_model_load(checkpoint, NULL, &tiny, ep_), LOOM_ERROR_IO, "Transformer/tokenizer.bin");
}

void test_text_model(void) {
    test_llama2c();
    loom_text_model *model = NULL;
    loom_error *error = NULL;
    loom_status status = loom_text_model_load(MODEL, NULL, &model, &error);
    if (status == LOOM_ERROR_IO && strstr(loom_error_message(error), "not found")) {
        printf("SKIP text model: %s\n", loom_error_message(error));
        loom_error_free(error);
        return;
    }
    CHECK(status == LOOM_OK && model != NULL);
    loom_error_free(error);
    if (status != LOOM_OK) return;

    /* A chat reply, streamed: the tokens joined are the text, and the same seed writes it again. */
    struct stream stream = {{0}, 0, 0, NULL, LOOM_OK};
    char *text = NULL;
    loom_text_finish finish = LOOM_TEXT_CANCELLED;
    CHECK(loom_text_model_generate(model, "Name three colours.", 7, chat_options, collect, &stream, &text, &finish,
                                   NULL) == LOOM_OK);
    CHECK(text && text[0] && stream.tokens >= 1 && stream.tokens <= 24);
    CHECK(finish == LOOM_TEXT_LENGTH || finish == LOOM_TEXT_END);
    CHECK(same(trimmed(stream.text), text));
    if (text) printf("hash text chat 7 %016llx\n", fnv_text(text));
    char *again = generate(model, "Name three colours.", 7, chat_options);
    CHECK(same(again, text));
    loom_string_free(again);
    char *other = generate(model, "Name three colours.", 8, chat_options);
    CHECK(other && !same(other, text));
    loom_string_free(other);
    loom_string_free(text);

    /* Cancelling after three tokens ends the text with them. */
    struct stream cancelled = {{0}, 0, 3, NULL, LOOM_OK};
    CHECK(loom_text_model_generate(model, "Name three colours.", 7, chat_options, collect, &cancelled, &text, &finish,
                                   NULL) == LOOM_OK);
    CHECK(finish == LOOM_TEXT_CANCELLED && cancelled.tokens == 3 && same(trimmed(cancelled.text), text));
    loom_string_free(text);

    /* A raw, greedy continuation with a system-free prompt, stopped at the first sentence. */
    const char *greedy = "{\"chat\": false, \"temperature\": 0, \"maxTokens\": 40, \"stopAtSentenceEnd\": true}";
    char *tale = generate(model, "Once upon a time", 1, greedy);
    char *tale_again = generate(model, "Once upon a time", 99, greedy);
    CHECK(tale && tale[0] && same(tale, tale_again));
    if (tale) printf("hash text raw 1 %016llx\n", fnv_text(tale));
    loom_string_free(tale);
    loom_string_free(tale_again);

    /* A stop string ends the text and is not returned (the tokens streamed hold it). */
    struct stream stopped = {{0}, 0, 0, NULL, LOOM_OK};
    CHECK(loom_text_model_generate(
              model, "One, two, three, four,", 3,
              "{\"chat\": false, \"temperature\": 0, \"maxTokens\": 24, \"stop\": [\"seven\"]}",
              collect, &stopped, &text, &finish, NULL) == LOOM_OK);
    if (finish == LOOM_TEXT_STOP_STRING) CHECK(text && strstr(text, "seven") == NULL && strstr(stopped.text, "seven"));
    else CHECK(text && strstr(stopped.text, "seven") == NULL);
    loom_string_free(text);

    /* A chat with a system message. */
    CHECK(loom_text_model_generate(model, "Say hello.", 3, "{\"system\": \"You answer in one word.\", \"maxTokens\": 8}",
                                   NULL, NULL, &text, &finish, NULL) == LOOM_OK && text && text[0]);
    loom_string_free(text);

    /* Calling the same model from its own callback is refused, not a deadlock. */
    struct stream reentering = {{0}, 0, 1, model, LOOM_OK};
    CHECK(loom_text_model_generate(model, "Hi", 1, chat_options, collect, &reentering, NULL, NULL, NULL) == LOOM_OK);
    CHECK(reentering.reentered == LOOM_ERROR_INVALID_ARGUMENT);

    /* Bad options and arguments: located errors, no text. */
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"maxTokens\": 0}", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "maxTokens must be at least 1");
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"topP\": 2}", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "topP must be in (0, 1]");
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"maxTokenz\": 3}", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "<options>:1:2");
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"maxTokens\": ", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_PARSE, "<options>:1:");
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"chatTemplate\": \"nope\"}", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "unknown chat template 'nope'");
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, "{\"threads\": 0}", NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "threads must be 1 to 256");
    CHECK_FAILS(loom_text_model_generate(model, NULL, 1, NULL, NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "prompt is NULL");
    CHECK_FAILS(loom_text_model_generate(model, "\xff\xfe", 1, NULL, NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_UTF8, "prompt");
    CHECK(text == NULL);

    test_threads(model);

    CHECK(loom_text_model_free(model) == LOOM_OK);
    CHECK_FAILS(loom_text_model_generate(model, "x", 1, NULL, NULL, NULL, &text, NULL, ep_),
                LOOM_ERROR_INVALID_HANDLE, "loom_text_model");
    CHECK(loom_text_model_free(model) == LOOM_ERROR_INVALID_HANDLE);
    CHECK_FAILS(loom_text_model_load("no-such-model.gguf", NULL, &model, ep_), LOOM_ERROR_IO, "Scripts/fetch-models");
    CHECK(model == NULL);
    CHECK_FAILS(loom_text_model_load("Worlds/isles/world.lua", NULL, &model, ep_), LOOM_ERROR_PARSE,
                "not an n-gram model, GGUF file or llama2.c checkpoint");
}
