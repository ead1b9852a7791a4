import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("BPE vocabulary training")
struct VocabularyTrainingTests {
    static let paragraphs = TransformerTrainer.paragraphs([TrainingFixtures.corpus])

    @Test("the vocabulary has llama's layout: control tokens, bytes, the space, characters, merges")
    func layout() throws {
        let tokenizer = try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: 320)
        #expect(tokenizer.vocabularySize == 320)
        #expect(tokenizer.pieces[0] == Array("<unk>".utf8) && tokenizer.bos == 1 && tokenizer.eos == 2)
        #expect(tokenizer.pieces[2] == Array("</s>".utf8))
        #expect(tokenizer.pieces[3] == Array("<0x00>".utf8) && tokenizer.pieces[258] == Array("<0xFF>".utf8))
        #expect(tokenizer.pieces[259] == [0x20])
        #expect(Set(tokenizer.pieces).count == tokenizer.pieces.count)
        // The most frequent word of the corpus is learned whole, with its leading space.
        #expect(tokenizer.tokenID(for: Array(" The".utf8)) != nil)
        // Pieces never hold a space after their first byte: merges stay inside words.
        #expect(tokenizer.pieces.dropFirst(259).allSatisfy { !$0.dropFirst().contains(0x20) })
    }

    @Test("encoding then decoding gives the text back", arguments: [0, 300, 400])
    func roundTrip(vocabularySize: Int) throws {
        let tokenizer =
            vocabularySize == 0
            ? LlamaTokenizer.bytes() : try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: vocabularySize)
        let extras = ["naïve 日本 café", "two  spaces\nand a line", "<s> and </s> and <0x41> spelt out", "ok"]
        for text in Self.paragraphs + extras {
            let tokens = tokenizer.encode(text, bos: true, eos: true)
            #expect(tokens.first == 1 && tokens.last == 2)
            #expect(tokenizer.decode(tokens) == text, "\(text)")
            #expect(!tokens.dropFirst().dropLast().contains { $0 == 0 || $0 == 1 || $0 == 2 })
        }
    }

    @Test("merges compress the corpus; a larger vocabulary compresses it more")
    func compression() throws {
        let bytes = Self.paragraphs.reduce(0) { $0 + $1.utf8.count }
        func count(_ size: Int) throws -> Int {
            let tokenizer = try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: size)
            return Self.paragraphs.reduce(0) { $0 + tokenizer.encode($1, bos: false).count }
        }
        let small = try count(300)
        let large = try count(400)
        #expect(small < bytes)
        #expect(large < small)
        #expect(large < bytes / 2)
    }

    @Test("training is deterministic and rejects sizes out of range")
    func determinismAndErrors() throws {
        let a = try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: 300)
        let b = try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: 300)
        #expect(a.pieces == b.pieces && a.scores == b.scores)
        #expect(throws: LoomError.self) { try LlamaTokenizer.train(texts: Self.paragraphs, vocabularySize: 100) }
        #expect(LlamaTokenizer.bytes().vocabularySize == 259)
    }
}

@Suite("BPE merges by score")
struct MergeOrderTests {
    @Test("encoding by score spells every corpus word exactly as training merged it", arguments: [300, 400])
    func encodingAgreesWithTraining(vocabularySize: Int) throws {
        let paragraphs = VocabularyTrainingTests.paragraphs
        let (tokenizer, words) = try LlamaTokenizer.trainWithWords(texts: paragraphs, vocabularySize: vocabularySize)
        var checked = 0
        for (text, symbols) in zip(words.texts, words.words) where text.hasPrefix(" ") {
            // encode adds the leading space itself (SentencePiece's dummy prefix).
            #expect(tokenizer.encode(String(text.dropFirst()), bos: false) == symbols, "\(text)")
            checked += 1
        }
        #expect(checked > 20)
    }
}
