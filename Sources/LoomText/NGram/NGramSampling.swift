/// How an ``NGramGenerator`` picks the next token from an ``NGramModel``.
///
/// Both modes leave ``NGramModel/probability(of:after:)`` and
/// ``NGramModel/distribution(after:)`` untouched: they change only what generation draws from.
public enum NGramSampling: String, Sendable, Codable, Hashable, CaseIterable {
    /// Draw from the whole interpolated Kneser-Ney distribution, back-off mass included. Any
    /// token can follow any context, so a model trained on a small corpus often strings
    /// unrelated words together.
    case interpolated
    /// Draw only among the tokens seen after the longest context that has any (backing off to
    /// a shorter context only when the longer one has no usable continuation), weighted by
    /// their Kneser-Ney probabilities renormalised over that set. Every adjacent pair of
    /// generated words is then a bigram of the corpus, and every triple a trigram wherever the
    /// context was seen. Temperature and top-k apply to that small set, so any temperature is
    /// as fast as temperature 1. The default for generation.
    case observedContinuations
}
