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

    /**
     * 02, the introduction: a sentence read by two language models. Each word becomes a vector from its characters
     * (layer 0); a forward LSTM stack reads left to right and predicts the next word, a backward stack reads right to
     * left and predicts the previous one; a word's ELMo vector mixes its layers, both directions side by side.
     */
    public static BufferedImage biLm() {
        Sketch s = new Sketch(WIDTH, 650);
        s.text("ELMo's biLM: two language models over one sentence", Ink.TITLE, Ink.LINE,
                20, 20, Anchor.LEFT);
        String[] words = {"the", "children", "play", "outside"};
        Color characters = Ink.tint(Palette.ORANGE, 0.35);
        Color forward = Ink.tint(Palette.BLUE, 0.35);
        Color backward = Ink.tint(Palette.GREEN, 0.35);
        Color mix = Ink.tint(Palette.RED, 0.30);
        double[] x = new double[words.length];
        Box[] top = new Box[words.length];
        for (int i = 0; i < words.length; i++) {
            x[i] = 150 + i * 150;
            Box word = new Box(x[i] - 55, 540, 110, 30);
            s.text(words[i], Ink.TEXT, Ink.LINE, x[i], 555, Anchor.CENTRE);
            Box cnn = new Box(x[i] - 62, 466, 124, 52);
            s.labelledBox(cnn, characters, "char-CNN", "layer 0: x");
            s.arrow(Ink.LINE, word.top(), cnn.base());
            Box b1 = new Box(x[i] - 55, 390, 110, 34);
            Box b2 = new Box(x[i] - 55, 330, 110, 34);
            Box f1 = new Box(x[i] - 55, 250, 110, 34);
            Box f2 = new Box(x[i] - 55, 190, 110, 34);
            s.labelledBox(b1, backward, "←LSTM₁");
            s.labelledBox(b2, backward, "←LSTM₂");
            s.labelledBox(f1, forward, "→LSTM₁");
            s.labelledBox(f2, forward, "→LSTM₂");
            top[i] = f2;
            s.arrow(Ink.LINE, cnn.top(), b1.base());
            s.arrow(Ink.LINE, b1.top(), b2.base());
            s.line(Ink.DASHED, Ink.FAINT, new Point2D.Double(cnn.x() + 8, cnn.y()), new Point2D.Double(cnn.x() + 8, f1.bottom() + 2));
            s.arrow(Ink.LINE, new Point2D.Double(cnn.x() + 8, f1.bottom() + 2), new Point2D.Double(cnn.x() + 8, f1.bottom()));
            s.arrow(Ink.LINE, f1.top(), f2.base());
            if (i > 0) {
                s.arrow(Ink.LINE, new Point2D.Double(x[i - 1] + 55, f1.centreY()), f1.leftSide());
                s.arrow(Ink.LINE, new Point2D.Double(x[i - 1] + 55, f2.centreY()), f2.leftSide());
                s.arrow(Ink.LINE, b1.leftSide(), new Point2D.Double(x[i - 1] + 55, b1.centreY()));
                s.arrow(Ink.LINE, b2.leftSide(), new Point2D.Double(x[i - 1] + 55, b2.centreY()));
            }
        }
        s.text("blue: the forward LM, reading left to right; green: the backward LM, reading right to left", Ink.NOTE,
                Ink.LINE, 380, 592, Anchor.CENTRE);
        s.text("each word's vector comes from its characters (orange), so no word is ever unknown", Ink.NOTE,
                Ink.LINE, 380, 612, Anchor.CENTRE);
        Box predict = new Box(x[2] - 110, 130, 170, 36);
        s.labelledBox(predict, forward, "softmax → \"outside\"");
        s.arrow(Ink.LINE, top[2].top(), predict.base());
        s.text("(the backward stack at \"play\" predicts \"children\" with the same softmax)", Ink.NOTE, Ink.LINE,
                380, 632, Anchor.CENTRE);
        Box elmo = new Box(x[3] - 130, 56, 250, 60);
        s.labelledBox(elmo, mix, "ELMo(play) = γ Σⱼ sⱼ hⱼ", "hⱼ = [→hⱼ ; ←hⱼ], h₀ = [x ; x]");
        s.line(Ink.DASHED, Palette.RED, new Point2D.Double(x[2] + 62, 492), new Point2D.Double(x[2] + 72, 492),
                new Point2D.Double(x[2] + 72, elmo.bottom() + 8));
        s.arrow(Palette.RED, new Point2D.Double(x[2] + 72, elmo.bottom() + 8), new Point2D.Double(x[2] + 72, elmo.bottom()));
        s.text("the task learns s (a softmax over layers) and γ;", Ink.NOTE, Ink.LINE, 20, 70, Anchor.LEFT).text("the biLM itself stays frozen", Ink.NOTE, Ink.LINE, 20, 88, Anchor.LEFT);
        return s.image();
    }

    /**
     * 03, the introduction: ULMFiT's three stages on one AWD-LSTM. (a) a general language model learns English from
     * plain text; (b) the same model keeps learning on the task's own (unlabelled) text, each layer at its own rate on a
     * slanted triangular schedule; (c) the language model's softmax is replaced by a classifier head on concat
     * pooling, and the layers are unfrozen one at a time from the top.
     */
    public static BufferedImage ulmfit() {
        Sketch s = new Sketch(WIDTH, 560);
        s.text("ULMFiT: one AWD-LSTM, three stages", Ink.TITLE, Ink.LINE, 20, 20, Anchor.LEFT);
        String[] titles = {"(a) general-domain LM", "(b) LM fine-tuning", "(c) classifier fine-tuning"};
        String[] data = {"Brown + State of the Union", "the training tweets' text", "training tweets + labels"};
        Color lstm = Ink.tint(Palette.BLUE, 0.35);
        Color embed = Ink.tint(Palette.ORANGE, 0.35);
        Color head = Ink.tint(Palette.RED, 0.30);
        Color frozen = Ink.tint(Palette.GREY, 0.25);
        String[] rates = {"η / 2.6³", "η / 2.6²", "η / 2.6", "η"};
        for (int k = 0; k < 3; k++) {
            double cx = 130 + k * 250;
            s.text(titles[k], Ink.TEXT, Ink.LINE, cx, 60, Anchor.CENTRE);
            Box words = new Box(cx - 95, 470, 190, 30);
            s.box(words, Ink.PAPER, true);
            s.text(data[k], Ink.NOTE, Ink.LINE, cx, 485, Anchor.CENTRE);
            Box e = new Box(cx - 70, 405, 140, 36);
            s.labelledBox(e, k == 2 ? frozen : embed, "embedding E");
            s.arrow(Ink.LINE, words.top(), e.base());
            Box previous = e;
            Box[] layers = new Box[3];
            for (int l = 0; l < 3; l++) {
                Box b = new Box(cx - 70, 340 - l * 62, 140, 36);
                s.labelledBox(b, k == 2 && l < 2 ? frozen : lstm, "LSTM " + (l + 1));
                s.arrow(Ink.LINE, previous.top(), b.base());
                layers[l] = b;
                previous = b;
            }
            Box out = new Box(cx - 85, 100, 170, 52);
            if (k < 2) {
                s.labelledBox(out, embed, "softmax (tied to E)", "→ the next word");
            } else {
                s.labelledBox(out, head, "[h_T ; max ; mean]", "→ head → 3 labels");
            }
            s.arrow(Ink.LINE, previous.top(), out.base());
            if (k == 1) {
                for (int l = 0; l < 4; l++) {
                    Box b = l == 0 ? e : layers[l - 1];
                    s.text(rates[l], Ink.NOTE, Palette.BLUE, b.right() + 6, b.centreY() + 4, Anchor.LEFT);
                }
            }
            if (k == 2) {
                s.text("unfrozen 1st", Ink.NOTE, Palette.RED, out.centreX(), out.y() - 8, Anchor.CENTRE);
                s.text("2nd", Ink.NOTE, Palette.RED, layers[2].right() + 6, layers[2].centreY() + 4, Anchor.LEFT);
                s.text("3rd", Ink.NOTE, Palette.RED, layers[1].right() + 6, layers[1].centreY() + 4, Anchor.LEFT);
                s.text("4th", Ink.NOTE, Palette.RED, layers[0].right() + 6, layers[0].centreY() + 4, Anchor.LEFT);
                s.text("4th", Ink.NOTE, Palette.RED, e.right() + 6, e.centreY() + 4, Anchor.LEFT);
            }
            if (k < 2) {
                s.arrow(Palette.GREEN, new Point2D.Double(cx + 100, 250), new Point2D.Double(cx + 150, 250));
            }
        }
        s.text("the weights flow left to right (green): each stage starts from the one before", Ink.NOTE, Ink.LINE, 380, 528, Anchor.CENTRE);
        s.text("(b) each layer its own rate, on a slanted triangular schedule; (c) grey: still frozen", Ink.NOTE, Ink.LINE, 380, 548, Anchor.CENTRE);
        return s.image();
    }

    /**
     * 02, the LSTM step: the cell state c runs straight through, changed only by the forget gate's product and the
     * input gate's addition; the hidden state h is the output gate's view of it.
     */
    public static BufferedImage lstmCell() {
        Sketch s = new Sketch(WIDTH, 420);
        s.text("One LSTM step: four gates, and the cell state c as memory", Ink.TITLE, Ink.LINE,
                20, 20, Anchor.LEFT);
        Color cell = Ink.tint(Palette.BLUE, 0.55);
        Color gate = Ink.tint(Palette.ORANGE, 0.35);
        Color candidate = Ink.tint(Palette.GREEN, 0.35);
        double lane = 90;
        s.line(Ink.THICK, cell, new Point2D.Double(40, lane), new Point2D.Double(700, lane));
        s.text("c_{t-1}", Ink.TEXT, Ink.LINE, 36, lane - 18, Anchor.LEFT);
        s.text("c_t", Ink.TEXT, Ink.LINE, 704, lane - 18, Anchor.RIGHT);
        Point2D times = new Point2D.Double(200, lane);
        Point2D plus = new Point2D.Double(390, lane);
        Point2D outTimes = new Point2D.Double(590, 250);
        s.node(times, 14, Ink.PAPER, "×");
        s.node(plus, 14, Ink.PAPER, "+");
        Box f = new Box(150, 200, 100, 40);
        Box i = new Box(280, 200, 100, 40);
        Box g = new Box(410, 200, 116, 40);
        Box o = new Box(540, 300, 100, 40);
        s.labelledBox(f, gate, "f = σ(…)");
        s.labelledBox(i, gate, "i = σ(…)");
        s.labelledBox(g, candidate, "g = tanh(…)");
        s.labelledBox(o, gate, "o = σ(…)");
        s.arrow(Ink.LINE, f.top(), new Point2D.Double(times.getX(), lane + 14));
        Point2D inputTimes = new Point2D.Double(390, 150);
        s.node(inputTimes, 14, Ink.PAPER, "×");
        s.arrow(Ink.LINE, i.top(), new Point2D.Double(inputTimes.getX() - 10, inputTimes.getY() + 10));
        s.arrow(Ink.LINE, g.top(), new Point2D.Double(inputTimes.getX() + 10, inputTimes.getY() + 10));
        s.arrow(Ink.LINE, new Point2D.Double(inputTimes.getX(), inputTimes.getY() - 14), new Point2D.Double(plus.getX(), lane + 14));
        Box squash = new Box(560, 150, 60, 34);
        s.labelledBox(squash, candidate, "tanh");
        s.arrow(Ink.LINE, new Point2D.Double(squash.centreX(), lane), squash.top());
        s.node(outTimes, 14, Ink.PAPER, "×");
        s.arrow(Ink.LINE, squash.base(), new Point2D.Double(outTimes.getX(), outTimes.getY() - 14));
        s.arrow(Ink.LINE, o.top(), new Point2D.Double(outTimes.getX(), outTimes.getY() + 14));
        s.arrow(Ink.LINE, new Point2D.Double(outTimes.getX() + 14, outTimes.getY()), new Point2D.Double(700, outTimes.getY()));
        s.text("h_t", Ink.TEXT, Ink.LINE, 704, outTimes.getY() - 16, Anchor.RIGHT);
        Box reads = new Box(14, 360, 134, 40);
        s.labelledBox(reads, Ink.tint(Palette.BLUE, 0.12), "[x_t ; h_{t-1}]");
        s.line(Ink.SOLID, Ink.LINE, new Point2D.Double(reads.right(), reads.centreY()), new Point2D.Double(590, reads.centreY()));
        for (Box gateBox : new Box[] {f, i, g}) {
            s.arrow(Ink.LINE, new Point2D.Double(gateBox.centreX(), reads.centreY()), gateBox.base());
        }
        s.arrow(Ink.LINE, new Point2D.Double(590, reads.centreY()), o.base());
        s.text("c_t = f ⊙ c_{t-1} + i ⊙ g", Ink.NOTE, Ink.LINE, 300, 56, Anchor.LEFT);
        s.text("h_t = o ⊙ tanh(c_t)", Ink.NOTE, Ink.LINE, 540, 210, Anchor.LEFT);
        return s.image();
    }

    /**
     * 06, the introduction: the whole GPT — token ids, the two embeddings, L pre-norm decoder blocks on the residual
     * stream (each with its causal mask), the final layer norm, the output layer tied to the token embedding, and the
     * targets, which are the input shifted by one.
     */
    public static BufferedImage gpt() {
        return gpt(new CausalMask(6));
    }

    static BufferedImage gpt(CausalMask mask) {
        Sketch s = new Sketch(WIDTH, 690);
        s.text("GPT: token ids in, a distribution over the next token out, at every position", Ink.TITLE, Ink.LINE, 20,
                20, Anchor.LEFT);
        double stream = 110;
        String[] input = {"R", "O", "M", "E", "O"};
        String[] target = {"O", "M", "E", "O", ":"};
        Color tokenColour = Ink.tint(Palette.ORANGE, 0.35);
        for (int i = 0; i < input.length; i++) {
            s.labelledBox(new Box(20 + i * 46, 42, 40, 32), tokenColour, input[i]);
        }
        s.text("input: T token ids, (B, T)", Ink.NOTE, Ink.LINE, 262, 58, Anchor.LEFT);

        Box tokenEmbedding = new Box(15, 100, 190, 50);
        Box positionEmbedding = new Box(225, 100, 190, 50);
        s.labelledBox(tokenEmbedding, KEPT, "token embedding E", "V × C");
        s.labelledBox(positionEmbedding, KEPT, "position embedding P", "blockSize × C");
        s.arrow(Ink.LINE, new Point2D.Double(stream, 76), tokenEmbedding.top());
        s.arrow(Ink.LINE, new Point2D.Double(200, 76), new Point2D.Double(positionEmbedding.centreX(), 88),
                positionEmbedding.top());
        s.text("x = E[id] + P[t], (B, T, C)", Ink.NOTE, Ink.LINE, 334, 180, Anchor.LEFT);
        Point2D sum = new Point2D.Double(stream, 180);
        double radius = 13;
        s.arrow(Ink.LINE, tokenEmbedding.base(), new Point2D.Double(stream, sum.getY() - radius));
        s.arrow(Ink.LINE, positionEmbedding.base(), new Point2D.Double(positionEmbedding.centreX(), sum.getY()),
                new Point2D.Double(stream + radius, sum.getY()));

        Box block = new Box(30, 208, 520, 244);
        Box finalNorm = new Box(50, 478, 120, 40);
        s.line(Ink.THICK, STREAM, new Point2D.Double(stream, sum.getY() + radius), new Point2D.Double(stream, finalNorm.y() - 12));
        s.arrow(STREAM, new Point2D.Double(stream, finalNorm.y() - 14), finalNorm.top());
        s.node(sum, radius, Ink.PAPER, "+");
        s.box(block, null, true);
        s.text("decoder block, repeated L times", Ink.TEXT, Ink.LINE, 44, 226, Anchor.LEFT);
        Point2D firstJoin = new Point2D.Double(stream, 330);
        Point2D secondJoin = new Point2D.Double(stream, 432);
        Box attention = branch(s, 270, firstJoin, radius, "causal self-attention", "H heads");
        s.text("x + attn(LN(x))", Ink.NOTE, Ink.LINE, stream + 22, firstJoin.getY() - 18, Anchor.LEFT);
        branch(s, 372, secondJoin, radius, "MLP", "C → 4C → C, GELU");
        s.text("x + MLP(LN(x))", Ink.NOTE, Ink.LINE, stream + 22, secondJoin.getY() - 18, Anchor.LEFT);
        s.text("residual", Ink.NOTE, Palette.BLUE, stream - 14, 372, Anchor.RIGHT);
        s.text("stream", Ink.NOTE, Palette.BLUE, stream - 14, 389, Anchor.RIGHT);

        CellGrid grid = new CellGrid(610, 250, mask.size(), mask.size(), 20);
        Box frame = grid.frame();
        s.text("causal mask (T × T)", Ink.TEXT, Ink.LINE, frame.centreX(), 234, Anchor.CENTRE);
        s.grid(grid, (q, k) -> mask.allows(q, k) ? Ink.tint(Palette.BLUE, 0.6) : null);
        s.text("query i", Ink.NOTE, Ink.LINE, frame.x() - 6, frame.bottom() - 10, Anchor.RIGHT);
        s.text("key j", Ink.NOTE, Ink.LINE, frame.right() - 6, frame.bottom() + 12, Anchor.RIGHT);
        s.arrow(Ink.LINE, new Point2D.Double(frame.x() - 4, attention.centreY()), attention.rightSide());
        Box swatchOn = new Box(570, frame.bottom() + 30, 14, 14);
        Box swatchOff = swatchOn.below(10, 14);
        s.grid(new CellGrid(swatchOn.x(), swatchOn.y(), 1, 1, 14), (r, c) -> Ink.tint(Palette.BLUE, 0.6));
        s.grid(new CellGrid(swatchOff.x(), swatchOff.y(), 1, 1, 14), (r, c) -> null);
        s.text("i may attend to j ≤ i", Ink.NOTE, Ink.LINE, swatchOn.right() + 8, swatchOn.centreY(), Anchor.LEFT);
        s.text("j > i: score set to −∞", Ink.NOTE, Ink.LINE, swatchOff.right() + 8, swatchOff.centreY(), Anchor.LEFT);

        s.labelledBox(finalNorm, Ink.tint(Palette.PURPLE, 0.25), "final LN");
        s.text("h, (B, T, C)", Ink.NOTE, Ink.LINE, finalNorm.right() + 12, finalNorm.centreY(), Anchor.LEFT);
        Box output = new Box(15, 544, 190, 50);
        s.arrow(Ink.LINE, finalNorm.base(), new Point2D.Double(stream, output.y()));
        s.labelledBox(output, KEPT, "logit of token v", "= h · E[v]");
        s.text("the output layer is E again (weight tying): (B, T, V) scores", Ink.NOTE, Ink.LINE, output.right() + 12,
                output.centreY() - 9, Anchor.LEFT);
        s.text("softmax over V: the next token's probabilities", Ink.NOTE, Ink.LINE, output.right() + 12,
                output.centreY() + 9, Anchor.LEFT);
        s.arrow(Ink.LINE, output.base(), new Point2D.Double(stream, 618));
        for (int i = 0; i < target.length; i++) {
            s.labelledBox(new Box(20 + i * 46, 620, 40, 32), tokenColour, target[i]);
        }
        s.text("targets: the input shifted by one; loss = −log p(target)", Ink.NOTE, Ink.LINE, 262, 636, Anchor.LEFT);
        s.text("Position t sees tokens 0 … t only (the mask), so all T predictions train at once without cheating.",
                Ink.NOTE, Ink.LINE, 380, 672, Anchor.CENTRE);
        return s.image();
    }

    /**
     * 06, §4: causal self-attention for one head as two T × T tables — the scaled scores with −∞ above the diagonal,
     * and the softmax of each row, whose masked cells are exactly 0 — and the weighted sum of the values.
     */
    public static BufferedImage causalAttention() {
        return causalAttention(new CausalMask(6));
    }

    static BufferedImage causalAttention(CausalMask mask) {
        int t = mask.size();
        double[][] weights = exampleWeights(mask);
        Sketch s = new Sketch(WIDTH, 440);
        s.text("Causal self-attention, one head: a row per query i, a column per key j", Ink.TITLE, Ink.LINE, 20, 20,
                Anchor.LEFT);
        double cell = 34;
        CellGrid scores = new CellGrid(50, 96, t, t, cell);
        CellGrid softmax = new CellGrid(370, 96, t, t, cell);
        s.text("scores  q[i] · k[j] / √d  + mask", Ink.TEXT, Ink.LINE, scores.frame().centreX(), 50, Anchor.CENTRE);
        s.text("weights w[i][j]", Ink.TEXT, Ink.LINE, softmax.frame().centreX(), 50, Anchor.CENTRE);
        s.grid(scores, (i, j) -> mask.allows(i, j) ? Ink.tint(Palette.ORANGE, 0.3) : null);
        s.grid(softmax, (i, j) -> mask.allows(i, j) ? Ink.tint(Palette.BLUE, 0.12 + 0.6 * weights[i][j]) : null);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                s.label(scores.cell(i, j), Ink.NOTE, mask.allows(i, j) ? shortNumber(exampleScore(i, j)) : "−∞");
                s.label(softmax.cell(i, j), Ink.NOTE, mask.allows(i, j) ? twoDecimals(weights[i][j]) : "0");
            }
        }
        for (CellGrid g : new CellGrid[] {scores, softmax}) {
            for (int i = 0; i < t; i++) {
                s.text(String.valueOf(i), Ink.NOTE, Ink.LINE, g.x() - 8, g.cell(i, 0).centreY(), Anchor.RIGHT);
                s.text(String.valueOf(i), Ink.NOTE, Ink.LINE, g.cell(0, i).centreX(), g.y() - 10, Anchor.CENTRE);
            }
            s.text("i", Ink.NOTE, Ink.LINE, g.x() - 24, g.y() - 10, Anchor.CENTRE);
            s.text("j →", Ink.NOTE, Ink.LINE, g.frame().right() + 16, g.y() - 10, Anchor.CENTRE);
        }
        int shown = Math.min(3, t - 1);
        s.box(softmax.row(shown).grow(2), null, false);
        s.text("row " + shown + " sums to 1", Ink.NOTE, Ink.LINE, softmax.frame().centreX(), softmax.frame().bottom() + 16,
                Anchor.CENTRE);
        s.text("above the diagonal: the future", Ink.NOTE, Ink.LINE, scores.frame().centreX(), scores.frame().bottom() + 16,
                Anchor.CENTRE);
        double middle = scores.frame().centreY();
        s.arrow(Ink.LINE, new Point2D.Double(scores.frame().right() + 8, middle), new Point2D.Double(softmax.x() - 28, middle));
        s.text("softmax", Ink.NOTE, Ink.LINE, (scores.frame().right() + softmax.x() - 20) / 2, middle - 14, Anchor.CENTRE);
        s.text("each row", Ink.NOTE, Ink.LINE, (scores.frame().right() + softmax.x() - 20) / 2, middle + 14, Anchor.CENTRE);
        Box out = new Box(612, middle - 52, 136, 104);
        s.arrow(Ink.LINE, new Point2D.Double(softmax.frame().right() + 6, middle), out.leftSide());
        s.labelledBox(out, Ink.tint(Palette.GREEN, 0.25), "out[i] =", "sum over j ≤ i", "w[i][j] · v[j]");
        s.text("Above the diagonal (j > i, the future) the score is −∞, so its weight is exactly 0 after the softmax.",
                Ink.NOTE, Ink.LINE, 380, 370, Anchor.CENTRE);
        s.text("Each row is a weighted average over positions 0 … i: row 0 can only read itself, the last row reads all.",
                Ink.NOTE, Ink.LINE, 380, 394, Anchor.CENTRE);
        s.text("Q = x·Wq, K = x·Wk, V = x·Wv: three linear maps of the same T token vectors x (T × d).",
                Ink.NOTE, Ink.LINE, 380, 418, Anchor.CENTRE);
        return s.image();
    }

    /** A made-up score: each position looks most at itself, then at the one before, then at the first. */
    static double exampleScore(int i, int j) {
        return j == i ? 2 : j == i - 1 ? 1 : j == 0 ? 0.5 : 0;
    }

    /** The softmax of each row of {@link #exampleScore} over the keys the mask allows; 0 elsewhere. */
    static double[][] exampleWeights(CausalMask mask) {
        int t = mask.size();
        double[][] w = new double[t][t];
        for (int i = 0; i < t; i++) {
            double sum = 0;
            for (int j = 0; j <= i; j++) {
                w[i][j] = Math.exp(exampleScore(i, j));
                sum += w[i][j];
            }
            for (int j = 0; j <= i; j++) {
                w[i][j] /= sum;
            }
        }
        return w;
    }

    private static String twoDecimals(double x) {
        return shortNumber(Math.round(x * 100) / 100.0);
    }

    /** 2 → "2", 0.5 → ".5", 0.27 → ".27": a number as short as a table cell needs. */
    private static String shortNumber(double x) {
        String text = java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        return text.startsWith("0.") ? text.substring(1) : text;
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
