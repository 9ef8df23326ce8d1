package course.bert;

/**
 * The size of a BERT encoder (Devlin et al. 2019, §3), checked when it is built.
 *
 * @param vocabSize  WordPiece ids, the special tokens included; the masked-LM head scores all of them
 * @param maxLength  the longest input, [CLS] and both [SEP]s included: the learned position table's length
 * @param embedding  the hidden size H of every layer (BERT-Base 768, BERT-Tiny 128)
 * @param heads      attention heads A per layer; H must be a multiple (BERT-Tiny: 2)
 * @param hidden     the feed-forward network's inner width (4H in every published BERT)
 * @param layers     encoder layers L (BERT-Base 12, BERT-Tiny 2)
 * @param dropout    on the summed embeddings, the attention weights and every sub-layer's output (BERT: 0.1)
 * @param padId      the id of [PAD]: never attended to
 */
public record BertConfig(int vocabSize, int maxLength, int embedding, int heads, int hidden, int layers, float dropout, int padId) {

    /** Segment ids: 0 for sentence A (and a single text), 1 for sentence B. */
    public static final int SEGMENTS = 2;

    public BertConfig {
        if (vocabSize < 6 || maxLength < 3 || embedding < 1 || heads < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("need vocabSize >= 6 (five special tokens and a word), maxLength >= 3 ([CLS] x [SEP]) and"
                    + " embedding, heads, hidden, layers >= 1, got vocabSize=" + vocabSize + ", maxLength=" + maxLength + ", embedding="
                    + embedding + ", heads=" + heads + ", hidden=" + hidden + ", layers=" + layers);
        }
        if (embedding % heads != 0) {
            throw new IllegalArgumentException("embedding must be a multiple of heads (each head gets embedding / heads dimensions), got embedding="
                    + embedding + ", heads=" + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (padId < 0 || padId >= vocabSize) {
            throw new IllegalArgumentException("padId must be a token id, in [0, " + vocabSize + "), got " + padId);
        }
    }

    /** BERT-Tiny (Turc et al. 2019): L 2, H 128, A 2, 4H feed-forward, dropout 0.1. */
    public static BertConfig tiny(int vocabSize, int maxLength, int padId) {
        return new BertConfig(vocabSize, maxLength, 128, 2, 512, 2, 0.1f, padId);
    }

    /** BERT-Mini (Turc et al. 2019): L 4, H 256, A 4. */
    public static BertConfig mini(int vocabSize, int maxLength, int padId) {
        return new BertConfig(vocabSize, maxLength, 256, 4, 1024, 4, 0.1f, padId);
    }

    /** BERT-Base (Devlin et al. 2019): L 12, H 768, A 12, 512 positions. */
    public static BertConfig base(int vocabSize, int padId) {
        return new BertConfig(vocabSize, 512, 768, 12, 3072, 12, 0.1f, padId);
    }

    public BertConfig withSizes(int embedding, int heads, int hidden, int layers) {
        return new BertConfig(vocabSize, maxLength, embedding, heads, hidden, layers, dropout, padId);
    }

    public BertConfig withDropout(float p) {
        return new BertConfig(vocabSize, maxLength, embedding, heads, hidden, layers, p, padId);
    }

    /** Layer norms' ε: BERT's 1e-12. */
    public float epsilon() {
        return 1e-12f;
    }
}
