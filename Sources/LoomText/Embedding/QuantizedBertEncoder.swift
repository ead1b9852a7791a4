import CLoomKernels
import LoomCore
import LoomLearn

/// The BERT encoder of ``BertEncoder`` with int8 linear layers: the fast path of
/// ``SentenceEmbedder`` (``SentenceEmbedder/Precision/int8``).
///
/// Every linear layer's weights are quantised per output row when the model loads
/// (``QuantizedLinear``, with SmoothQuant-style column scales); activations are quantised per
/// token to int16 just before each product. Embeddings, layer normalisation, attention and GELU
/// stay in float32 (CLoomKernels' `loom_i8_*` steps). A pass runs in one ``EncoderWorkspace``
/// (kept between passes of up to 1024 tokens) with no other allocation; the products' integer
/// sums are exact, so a text's vector is the same bits alone or in a batch, on any thread
/// count, and on every CPU of one architecture.
struct QuantizedBertEncoder: Sendable {
    let configuration: BertConfiguration
    let layers: [Layer]
    /// Working memory kept between passes.
    let workspaces = EncoderWorkspaces()

    /// One encoder layer: four int8 products and two layer normalisations.
    struct Layer: Sendable {
        let qkv: QuantizedLinear
        let output: QuantizedLinear
        let up: QuantizedLinear
        let down: QuantizedLinear
        let attentionNorm: (weight: [Float], bias: [Float])
        let outputNorm: (weight: [Float], bias: [Float])
    }

    /// Quantises the layers of `weights`.
    init(configuration: BertConfiguration, weights: BertWeights) {
        self.configuration = configuration
        layers = weights.layers.map { layer in
            Layer(
                qkv: QuantizedLinear(weight: layer.qkvWeight, bias: layer.qkvBias),
                output: QuantizedLinear(weight: layer.outputWeight, bias: layer.outputBias),
                up: QuantizedLinear(weight: layer.upWeight, bias: layer.upBias),
                down: QuantizedLinear(weight: layer.downWeight, bias: layer.downBias),
                attentionNorm: (layer.attentionNormWeight.scalars, layer.attentionNormBias.scalars),
                outputNorm: (layer.outputNormWeight.scalars, layer.outputNormBias.scalars))
        }
    }

    /// The last layer's token vectors of sequences of `lengths` tokens, one row of `hidden`
    /// floats per token, computed in place in `work.x`, which holds the float embedding
    /// layer's output for the same tokens.
    func encode(_ lengths: [Int], in work: EncoderWorkspace, threads: Int) {
        let c = configuration
        let h = c.hiddenSize
        let tokens = lengths.reduce(0, +)
        precondition(tokens <= work.capacity, "\(tokens) tokens in a workspace of \(work.capacity)")
        let (x, qkv, context, up) = (work.x, work.qkv, work.context, work.up)
        let buffer = ActivationBuffer(values: work.quantized, scales: work.scales)
        for layer in layers {
            layer.qkv.apply(x, count: tokens, buffer: buffer, into: qkv, threads: threads)
            attend(qkv: qkv, lengths: lengths, context: context, scratch: work.scratch, threads: threads)
            // context → attended (into `up`, free until the feed-forward layer), then x = LN(x + attended).
            layer.output.apply(context, count: tokens, buffer: buffer, into: up, threads: threads)
            loom_i8_layer_norm(
                x, up, Int64(tokens), Int64(h), layer.attentionNorm.weight, layer.attentionNorm.bias,
                c.layerNormEpsilon)
            layer.up.apply(x, count: tokens, buffer: buffer, into: up, gelu: true, threads: threads)
            layer.down.apply(up, count: tokens, buffer: buffer, into: context, threads: threads)
            loom_i8_layer_norm(
                x, context, Int64(tokens), Int64(h), layer.outputNorm.weight, layer.outputNorm.bias,
                c.layerNormEpsilon)
        }
    }

    /// Attention of every sequence over its own tokens, sequences spread over threads.
    private func attend(
        qkv: UnsafeMutablePointer<Float>, lengths: [Int], context: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let c = configuration
        let h = c.hiddenSize
        var starts: [Int] = []
        starts.reserveCapacity(lengths.count)
        var offset = 0
        for length in lengths {
            starts.append(offset)
            offset += length
        }
        let offsets = starts
        let (source, target, work) = (UnsafeSendable(qkv), UnsafeSendable(context), UnsafeSendable(scratch))
        let cost = lengths.reduce(0) { $0 + $1 * $1 } * h
        Parallel.forEachChunk(of: lengths.count, chunkSize: 1, threads: cost >= 1 << 21 ? threads : 1) { chunk in
            for s in chunk {
                loom_i8_attention(
                    source.pointer + offsets[s] * 3 * h, Int64(lengths[s]), Int64(c.headCount), Int64(c.headSize),
                    target.pointer + offsets[s] * h, work.pointer + offsets[s] * (2 * c.headSize + 1))
            }
        }
    }
}

extension QuantizedBertEncoder {
    /// The pooled (and, when configured, L2-normalised) vectors of `sequences`, one row of
    /// `hidden` floats each, with the float embedding tables of `weights`. Every sequence must be
    /// non-empty, within the model's positions, and its ids within the vocabulary.
    func embed(_ sequences: [[Int]], embeddings weights: BertWeights, threads: Int) -> [Float] {
        guard !sequences.isEmpty else { return [] }
        let lengths = sequences.map(\.count)
        return workspaces.with(tokens: lengths.reduce(0, +), configuration: configuration) { work in
            embed(sequences, lengths: lengths, embeddings: weights, in: work, threads: threads)
        }
    }

    private func embed(
        _ sequences: [[Int]], lengths: [Int], embeddings weights: BertWeights, in work: EncoderWorkspace, threads: Int
    ) -> [Float] {
        let c = configuration
        let h = c.hiddenSize
        let tokens = lengths.reduce(0, +)
        let x = work.x
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.typeEmbeddings.withUnsafeBufferPointer { types in
                    var row = x
                    for sequence in sequences {
                        precondition(
                            !sequence.isEmpty && sequence.count <= c.maxPositions, "sequence length \(sequence.count)")
                        for (position, id) in sequence.enumerated() {
                            precondition(id >= 0 && id < c.vocabSize, "token id \(id)")
                            let (word, place) = (words.baseAddress! + id * h, positions.baseAddress! + position * h)
                            for j in 0..<h { row[j] = word[j] + place[j] + types[j] }
                            row += h
                        }
                    }
                }
            }
        }
        weights.embeddingNormWeight.withUnsafeBufferPointer { weight in
            weights.embeddingNormBias.withUnsafeBufferPointer { bias in
                loom_i8_layer_norm(
                    x, nil, Int64(tokens), Int64(h), weight.baseAddress, bias.baseAddress, c.layerNormEpsilon)
            }
        }
        encode(lengths, in: work, threads: threads)
        return BertEncoder.pool(x, lengths: lengths, configuration: c)
    }
}
