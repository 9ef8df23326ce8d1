package course.viz;

import course.viz.Sketch.Anchor;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;

/**
 * The course's pictures of an idea, one method each, drawn with {@link Sketch} in the {@link Ink} style so every
 * chapter's diagram looks alike. A notebook cell that ends with one shows it as a PNG.
 */
public final class Diagrams {

    public static final int WIDTH = 760;

    private static final Color STREAM = Ink.tint(Palette.BLUE, 0.55);
    private static final Color KEPT = Ink.tint(Palette.GREEN, 0.35);

    private Diagrams() {}

    /**
     * 00: the course's chapters in order — the model each builds, the paper, what it learns, and the limit that the next
     * chapter answers — between the tools every chapter uses and the showdown on the tweets.
     */
    public static BufferedImage courseMap() {
        String[][] chapters = {
            {"01 · word2vec", "Mikolov et al. 2013", "one vector per word, learned by predicting its neighbours",
                "limit: one vector for all the senses of a word (\"bank\")"},
            {"02 · ELMo-style biLM", "Peters et al. 2018", "a vector per word in its sentence, from two LSTM language models",
                "limit: fixed features; the task model still learns from scratch"},
            {"03 · ULMFiT", "Howard & Ruder 2018", "fine-tunes the whole pretrained language model on the task",
                "limit: an LSTM reads one token after another, slowly"},
            {"04 · Transformer", "Vaswani et al. 2017", "attention: every position reads every other, all at once",
                "limit: trained on translation pairs, not pretrained on raw text"},
            {"05 · BERT", "Devlin et al. 2019", "a Transformer encoder pretrained to fill in masked words",
                "limit: it reads both ways at once, so it cannot write text"},
            {"06 · GPT", "Radford et al. 2018", "a Transformer decoder pretrained to predict the next token",
                "and it writes text, one token at a time"}};
        Sketch s = new Sketch(WIDTH, 580);
        s.text("The course: what each chapter builds, and what it leaves for the next", Ink.TITLE, Ink.LINE, 20, 20,
                Anchor.LEFT);
        s.labelledBox(new Box(20, 40, 720, 40), KEPT, "00 · the tools: arrays, autograd, one training loop, the tweets");
        Color model = Ink.tint(Palette.BLUE, 0.25);
        Box previous = null;
        for (int i = 0; i < chapters.length; i++) {
            Box chapter = new Box(20, 100 + 66 * i, 200, 50);
            s.labelledBox(chapter, model, chapters[i][0], chapters[i][1]);
            s.text(chapters[i][2], Ink.TEXT, Ink.LINE, 236, chapter.y() + 15, Anchor.LEFT);
            s.text(chapters[i][3], Ink.NOTE, i < chapters.length - 1 ? Palette.RED : Palette.GREEN, 236, chapter.y() + 37,
                    Anchor.LEFT);
            if (previous != null) {
                s.arrow(Ink.LINE, previous.base(), chapter.top());
            }
            previous = chapter;
        }
        Box showdown = new Box(20, 510, 720, 40);
        s.arrow(Ink.LINE, previous.base(), new Point2D.Double(previous.centreX(), showdown.y()));
        s.labelledBox(showdown, KEPT, "07 · showdown: every model on the same tweets (negative, neutral, positive)");
        s.text("The order is the course's, not the calendar's: the Transformer (2017) came before ELMo and ULMFiT.",
                Ink.NOTE, Ink.LINE, 380, 566, Anchor.CENTRE);
        return s.image();
    }

    /** 00: one step of {@code TrainLoop}, and which {@code NDManager} holds what for how long. */
    public static BufferedImage trainingStep() {
        Sketch s = new Sketch(WIDTH, 500);
        s.text("One training step, and how long each tensor lives", Ink.TITLE, Ink.LINE, 20, 20, Anchor.LEFT);

        Box base = new Box(20, 42, 720, 104);
        s.box(base, Ink.tint(Palette.GREEN, 0.10), false);
        s.text("base manager: open for the whole run", Ink.TEXT, Ink.LINE, 34, 60, Anchor.LEFT);
        Box parameters = new Box(60, 80, 250, 48);
        Box optimiser = new Box(450, 80, 250, 48);
        s.labelledBox(parameters, KEPT, "parameters (the weights)");
        s.labelledBox(optimiser, KEPT, "optimiser state (AdamW m, v)");
        s.arrow(Ink.LINE, optimiser.leftSide(), parameters.rightSide());
        s.text("moves", Ink.NOTE, Ink.LINE, 380, 94, Anchor.CENTRE);

        Box step = new Box(20, 190, 720, 150);
        s.box(step, Ink.tint(Palette.BLUE, 0.07), true);
        s.text("sub-manager of step s", Ink.TEXT, Ink.LINE, 34, 208, Anchor.LEFT);
        Box batch = new Box(50, 230, 140, 60);
        Box forward = batch.rightOf(36, 140);
        Box backward = forward.rightOf(36, 140);
        Box update = backward.rightOf(36, 140);
        Color made = Ink.tint(Palette.BLUE, 0.25);
        s.labelledBox(batch, made, "batch", "x, y");
        s.labelledBox(forward, made, "forward pass", "→ loss");
        s.labelledBox(backward, made, "backward", "→ gradients");
        s.labelledBox(update, made, "optimiser", "update");
        s.arrow(Ink.LINE, batch.rightSide(), forward.leftSide());
        s.arrow(Ink.LINE, forward.rightSide(), backward.leftSide());
        s.arrow(Ink.LINE, backward.rightSide(), update.leftSide());
        s.arrow(Ink.LINE, new Point2D.Double(forward.centreX(), parameters.bottom()), forward.top());
        s.text("read", Ink.NOTE, Ink.LINE, forward.centreX() + 8, 168, Anchor.LEFT);
        s.arrow(Ink.LINE, update.top(), new Point2D.Double(update.centreX(), optimiser.bottom()));
        s.text("write in place", Ink.NOTE, Ink.LINE, update.centreX() - 8, 168, Anchor.RIGHT);
        s.text("closed when the step ends, freeing the batch, every activation, the loss and the gradients",
                Ink.NOTE, Ink.LINE, 380, 316, Anchor.CENTRE);

        s.text("over the run", Ink.TEXT, Ink.LINE, 20, 372, Anchor.LEFT);
        s.labelledBox(new Box(20, 388, 720, 30), KEPT, "base manager: parameters, optimiser state");
        for (int i = 0; i < 5; i++) {
            Box sub = new Box(20 + i * 148, 428, 132, 30);
            s.box(sub, i < 4 ? made : null, true).label(sub, Ink.TEXT, i < 4 ? "step " + (i + 1) : "…");
        }
        s.text("each step frees what it made, so memory stays flat however long the run", Ink.NOTE, Ink.LINE, 380,
                480, Anchor.CENTRE);
        return s.image();
    }

    /** 01: a centre word and its window, the two embedding matrices, and the scores negative sampling trains. */
    public static BufferedImage skipGram() {
        Sketch s = new Sketch(WIDTH, 520);
        s.text("Skip-gram with negative sampling: a window, two matrices, K + 1 dot products", Ink.TITLE, Ink.LINE,
                20, 20, Anchor.LEFT);
        String[] sentence = {"the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"};
        int centre = 3;
        int window = 2;
        Color centreColour = Ink.tint(Palette.ORANGE, 0.55);
        Color contextColour = Ink.tint(Palette.BLUE, 0.35);
        Color noiseColour = Ink.tint(Palette.RED, 0.45);
        for (int i = 0; i < sentence.length; i++) {
            Box word = new Box(24 + i * 80, 44, 72, 36);
            boolean inWindow = i != centre && Math.abs(i - centre) <= window;
            s.labelledBox(word, i == centre ? centreColour : inWindow ? contextColour : null, sentence[i]);
        }
        double left = 24 + (centre - window) * 80;
        double right = 24 + (centre + window) * 80 + 72;
        s.line(Ink.SOLID, Ink.LINE, new Point2D.Double(left, 88), new Point2D.Double(left, 96),
                new Point2D.Double(right, 96), new Point2D.Double(right, 88));
        s.text("context window: up to 2 words either side of the centre word (orange)", Ink.NOTE, Ink.LINE,
                (left + right) / 2, 112, Anchor.CENTRE);

        String[] vocabulary = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"};
        int fox = 3;
        int jumps = 4;
        int lazy = 6;
        int dog = 7;
        CellGrid input = new CellGrid(110, 180, vocabulary.length, 6, 22);
        CellGrid output = new CellGrid(520, 180, vocabulary.length, 6, 22);
        s.text("input W  (V × d)", Ink.TEXT, Ink.LINE, input.frame().centreX(), 160, Anchor.CENTRE);
        s.text("output W′  (V × d)", Ink.TEXT, Ink.LINE, output.frame().centreX(), 160, Anchor.CENTRE);
        s.grid(input, (r, c) -> r == fox ? centreColour : null);
        s.grid(output, (r, c) -> r == jumps ? contextColour : r == lazy || r == dog ? noiseColour : null);
        for (int r = 0; r < vocabulary.length; r++) {
            s.text(vocabulary[r], Ink.NOTE, Ink.LINE, input.x() - 8, input.row(r).centreY(), Anchor.RIGHT);
            s.text(vocabulary[r], Ink.NOTE, Ink.LINE, output.frame().right() + 8, output.row(r).centreY(),
                    Anchor.LEFT);
        }
        s.text("v_fox", Ink.NOTE, Ink.LINE, input.frame().centreX(), input.frame().bottom() + 14, Anchor.CENTRE);

        Box positive = new Box(290, 196, 190, 52);
        Box negative = new Box(290, 290, 190, 52);
        s.labelledBox(positive, contextColour, "σ(v_fox · u_jumps)", "push towards 1");
        s.labelledBox(negative, noiseColour, "σ(v_fox · u_n)", "push towards 0");
        s.arrow(Ink.LINE, input.row(fox).rightSide(), positive.leftSide());
        s.arrow(Ink.LINE, input.row(fox).rightSide(), negative.leftSide());
        s.arrow(Ink.LINE, output.row(jumps).leftSide(), positive.rightSide());
        s.arrow(Ink.LINE, output.row(lazy).leftSide(), negative.rightSide());
        s.arrow(Ink.LINE, output.row(dog).leftSide(), negative.rightSide());

        Box noise = new Box(180, 400, 400, 56);
        s.box(noise, Ink.tint(Palette.RED, 0.10), true)
                .label(noise, Ink.TEXT, "K negatives n ~ P(w) ∝ count(w)^¾", "(here K = 2: lazy, dog)");
        s.arrow(Ink.LINE, noise.rightSide(), new Point2D.Double(output.frame().centreX(), noise.centreY()),
                new Point2D.Double(output.frame().centreX(), output.frame().bottom() + 2));
        s.text("the true pair (blue) against K noise words (red): K + 1 rows of W′ per pair instead of all V",
                Ink.NOTE, Ink.LINE, 380, 490, Anchor.CENTRE);
        return s.image();
    }

    /** 06: a GPT decoder block, its residual stream, and the causal mask beside its attention. */
    public static BufferedImage decoderBlock() {
        return decoderBlock(new CausalMask(6));
    }

    static BufferedImage decoderBlock(CausalMask mask) {
        Sketch s = new Sketch(WIDTH, 520);
        s.text("A decoder block (GPT-2, pre-norm), stacked n_layer times", Ink.TITLE, Ink.LINE, 20, 20, Anchor.LEFT);
        double stream = 110;
        Box input = new Box(30, 46, 160, 44);
        Box output = new Box(30, 430, 160, 44);
        Point2D firstJoin = new Point2D.Double(stream, 230);
        Point2D secondJoin = new Point2D.Double(stream, 375);
        double radius = 13;
        s.line(Ink.THICK, STREAM, input.base(), new Point2D.Double(stream, output.y() - 10));
        s.arrow(STREAM, new Point2D.Double(stream, output.y() - 12), output.top());
        s.labelledBox(input, Ink.tint(Palette.BLUE, 0.2), "x: (B, T, d)");
        s.labelledBox(output, Ink.tint(Palette.BLUE, 0.2), "out: (B, T, d)");
        s.text("residual", Ink.NOTE, Palette.BLUE, stream - 14, 296, Anchor.RIGHT);
        s.text("stream", Ink.NOTE, Palette.BLUE, stream - 14, 313, Anchor.RIGHT);

        Box attention = branch(s, 140, firstJoin, radius, "causal self-attention", "h heads");
        s.text("x + attn(LN(x))", Ink.NOTE, Ink.LINE, stream + 22, firstJoin.getY() - 18, Anchor.LEFT);
        branch(s, 290, secondJoin, radius, "MLP", "d → 4d → d, GELU");
        s.text("x + MLP(LN(x))", Ink.NOTE, Ink.LINE, stream + 22, secondJoin.getY() - 18, Anchor.LEFT);

        CellGrid grid = new CellGrid(590, 86, mask.size(), mask.size(), 20);
        Box frame = grid.frame();
        s.text("causal mask (T × T)", Ink.TEXT, Ink.LINE, frame.centreX(), 70, Anchor.CENTRE);
        s.grid(grid, (q, k) -> mask.allows(q, k) ? Ink.tint(Palette.BLUE, 0.6) : null);
        s.text("query i", Ink.NOTE, Ink.LINE, frame.x() - 6, frame.y() + 10, Anchor.RIGHT);
        s.text("key j", Ink.NOTE, Ink.LINE, frame.right() - 6, frame.bottom() + 12, Anchor.RIGHT);
        s.arrow(Ink.LINE, new Point2D.Double(frame.x() - 4, attention.centreY()), attention.rightSide());
        Box swatchOn = new Box(590, frame.bottom() + 28, 14, 14);
        Box swatchOff = swatchOn.below(10, 14);
        s.grid(new CellGrid(swatchOn.x(), swatchOn.y(), 1, 1, 14), (r, c) -> Ink.tint(Palette.BLUE, 0.6));
        s.grid(new CellGrid(swatchOff.x(), swatchOff.y(), 1, 1, 14), (r, c) -> null);
        s.text("i may attend to j ≤ i", Ink.NOTE, Ink.LINE, swatchOn.right() + 8, swatchOn.centreY(), Anchor.LEFT);
        s.text("j > i: score set to −∞", Ink.NOTE, Ink.LINE, swatchOff.right() + 8, swatchOff.centreY(),
                Anchor.LEFT);

        s.text("Each part reads a normalised copy of the stream and adds its result back to it.", Ink.NOTE, Ink.LINE,
                380, 500, Anchor.CENTRE);
        return s.image();
    }

    /** A pre-norm residual branch: leave the stream at height {@code y}, LN, the part, back in at the join. */
    private static Box branch(Sketch s, double y, Point2D join, double radius, String... part) {
        Box norm = new Box(200, y - 20, 70, 40);
        Box body = new Box(310, y - 30, 210, 60);
        s.arrow(Ink.LINE, new Point2D.Double(join.getX() + 2, y), norm.leftSide());
        s.labelledBox(norm, Ink.tint(Palette.PURPLE, 0.25), "LN");
        s.arrow(Ink.LINE, norm.rightSide(), body.leftSide());
        s.labelledBox(body, Ink.tint(Palette.ORANGE, 0.3), part);
        s.arrow(Ink.LINE, body.base(), new Point2D.Double(body.centreX(), join.getY()),
                new Point2D.Double(join.getX() + radius, join.getY()));
        s.node(join, radius, Ink.PAPER, "+");
        return body;
    }
}
