package course.bert;

/**
 * Where BERT's special tokens sit in the vocabulary. The course's {@code course.text.WordPiece} puts them first, in
 * this order ({@link #wordPiece()}); every id from {@code firstOrdinary} on is a word piece.
 *
 * @param pad           [PAD], filling a batch's short rows; never attended to, never predicted
 * @param unk           [UNK], a word the vocabulary cannot spell
 * @param cls           [CLS], the first token of every input; its final state is the pair's summary
 * @param sep           [SEP], after each sentence
 * @param mask          [MASK], the masked-LM's blank
 * @param firstOrdinary the first id that is not special; random replacements are drawn from here on
 */
public record SpecialIds(int pad, int unk, int cls, int sep, int mask, int firstOrdinary) {

    public SpecialIds {
        int[] ids = {pad, unk, cls, sep, mask};
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= firstOrdinary) {
                throw new IllegalArgumentException("special ids must be in [0, firstOrdinary = " + firstOrdinary + "), got " + java.util.Arrays.toString(ids));
            }
            for (int j = 0; j < i; j++) {
                if (ids[i] == ids[j]) {
                    throw new IllegalArgumentException("special ids must differ, got " + java.util.Arrays.toString(ids));
                }
            }
        }
    }

    /** [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, word pieces from 5: course.text.WordPiece's layout. */
    public static SpecialIds wordPiece() {
        return new SpecialIds(0, 1, 2, 3, 4, 5);
    }

    /**
     * Whether the masked-LM may choose this id: anything but [PAD], [CLS], [SEP] and [MASK]. [UNK] may be chosen
     * (Google's BERT masks it like any word; predicting [UNK] for an unknown word is the right answer).
     */
    public boolean maskable(int id) {
        return id != pad && id != cls && id != sep && id != mask;
    }
}
