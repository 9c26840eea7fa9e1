package org.lmshls.local.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lmshls.local.engine.EnginePlan.FrameCapture;
import org.lmshls.local.engine.EnginePlan.HlsGroup;
import org.lmshls.local.engine.EnginePlan.Output;
import org.lmshls.local.engine.EnginePlan.Scale;
import org.lmshls.local.engine.EnginePlan.TrickPlay;

/**
 * The video half of a job's filter graph. Each picture size is scaled once, and from the smallest
 * picture already scaled that is at least as large in both directions (a cascade: 1080p → 720p →
 * 540p → 360p → 234p → the 160x90 trick-play thumbnail) rather than every size from the source:
 * each scaler then reads a smaller picture. A size no encode uses (a trick-play thumbnail, frame
 * captures of their own size) picks its frames first and scales only those. Outputs are labelled
 * {@code [venc<v>]} (every frame, for encode v), {@link #captureLabel} and {@link #trickPlayLabel}.
 */
final class VideoGraph {
    private VideoGraph() {}

    /** The label of frame-capture output {@code o} of group {@code g}. */
    static String captureLabel(int g, int o) {
        return "cap" + g + "_" + o;
    }

    /** The label of group {@code g}'s trick-play thumbnails. */
    static String trickPlayLabel(int g) {
        return "trick" + g;
    }

    /**
     * How a picture size is made from the source (MediaConvert DEFAULT: fit inside the frame keeping
     * the display aspect ratio, then pad the rest black; STRETCH_TO_OUTPUT: the whole frame).
     */
    record Fit(int width, int height, boolean antiAlias, Optional<String> pad) {
        String scale() {
            return "scale=" + width + ":" + height + ":flags=" + (antiAlias ? "bicubic" : "fast_bilinear")
                    + ",setsar=1";
        }

        /** Whether this picture has at least the other's pixels in both directions, so it can be scaled from. */
        boolean covers(Fit other) {
            return width >= other.width && height >= other.height && antiAlias == other.antiAlias;
        }

        long area() {
            return (long) width * height;
        }
    }

    static Fit fit(Scale s, Probe probe, boolean autoRotate) {
        if (s.stretch()) return new Fit(s.width(), s.height(), s.antiAlias(), Optional.empty());
        double dw = probe.displayWidth(autoRotate), dh = probe.displayHeight(autoRotate);
        double ratio = Math.min(s.width() / dw, s.height() / dh);
        int w = Math.min(s.width(), Math.max(2, even(dw * ratio)));
        int h = Math.min(s.height(), Math.max(2, even(dh * ratio)));
        int x = ((s.width() - w) / 2) & ~1, y = ((s.height() - h) / 2) & ~1;
        return new Fit(
                w,
                h,
                s.antiAlias(),
                w == s.width() && h == s.height()
                        ? Optional.empty()
                        : Optional.of("pad=" + s.width() + ":" + s.height() + ":" + x + ":" + y + ":black"));
    }

    /** What takes a picture size: an encode (every frame) or periodic pictures (the first frame of each period). */
    private record Consumer(String label, OptionalDouble period) {}

    /** One picture size in the graph: where it is scaled from (-1: the source) and what it feeds. */
    private static final class Node {
        final int scale;
        final Fit fit;
        final List<Consumer> consumers = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        String input;

        Node(int scale, Fit fit) {
            this.scale = scale;
            this.fit = fit;
        }

        /** Scaled on every frame: an encode needs it, or several periodic outputs share it. */
        boolean everyFrame() {
            return consumers.size() > 1 || consumers.get(0).period().isEmpty();
        }
    }

    /** Appends the video filters of {@code plan} to {@code graph}, each ending in {@code ;}. */
    static void append(EnginePlan plan, Probe probe, StringBuilder graph) {
        List<Node> nodes = new ArrayList<>();
        for (int s = 0; s < plan.scales().size(); s++) {
            nodes.add(new Node(s, fit(plan.scales().get(s), probe, plan.autoRotate())));
        }
        for (int v = 0; v < plan.videoEncodes().size(); v++) {
            nodes.get(plan.videoEncodes().get(v).scale())
                    .consumers
                    .add(new Consumer("venc" + v, OptionalDouble.empty()));
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            List<Output> outs = plan.groups().get(g).outputs();
            for (int o = 0; o < outs.size(); o++) {
                if (outs.get(o) instanceof FrameCapture fc) {
                    nodes.get(fc.scale())
                            .consumers
                            .add(new Consumer(
                                    captureLabel(g, o), OptionalDouble.of((double) fc.denominator() / fc.numerator())));
                }
            }
            if (plan.groups().get(g) instanceof HlsGroup h
                    && h.hls().trickPlay().isPresent()) {
                TrickPlay t = h.hls().trickPlay().get();
                nodes.get(t.scale())
                        .consumers
                        .add(new Consumer(trickPlayLabel(g), OptionalDouble.of(t.intervalSeconds())));
            }
        }
        nodes.removeIf(n -> n.consumers.isEmpty());

        // Pictures scaled on every frame, largest first, each from the smallest one before it that covers
        // it and is not itself enlarged from the source (scaling up and down again would blur); then the
        // periodic-only sizes from the same choice.
        int sourceWidth = probe.frameWidth(plan.autoRotate()), sourceHeight = probe.frameHeight(plan.autoRotate());
        List<Node> everyFrame =
                new ArrayList<>(nodes.stream().filter(Node::everyFrame).toList());
        everyFrame.sort(Comparator.comparingLong((Node n) -> -n.fit.area()).thenComparingInt(n -> n.scale));
        List<Node> fromSource = new ArrayList<>();
        List<Node> placed = new ArrayList<>();
        for (Node n : everyFrame) {
            parent(n, placed, sourceWidth, sourceHeight, fromSource);
            placed.add(n);
        }
        for (Node n : nodes) {
            if (!n.everyFrame()) parent(n, placed, sourceWidth, sourceHeight, fromSource);
        }

        taps("[0:v]", "src", fromSource, graph);
        for (Node n : placed) emit(n, graph);
        for (Node n : nodes) {
            if (n.everyFrame()) continue;
            Consumer c = n.consumers.get(0);
            graph.append(n.input)
                    .append(everyPeriod(c.period().getAsDouble()))
                    .append(',')
                    .append(n.fit.scale())
                    .append(",format=yuv420p")
                    .append(n.fit.pad().map(p -> "," + p).orElse(""))
                    .append(",format=yuvj420p[")
                    .append(c.label())
                    .append("];");
        }
    }

    private static void parent(Node n, List<Node> placed, int sourceWidth, int sourceHeight, List<Node> fromSource) {
        Node best = null;
        for (Node p : placed) {
            if (p.fit.covers(n.fit)
                    && p.fit.width() <= sourceWidth
                    && p.fit.height() <= sourceHeight
                    && (best == null || p.fit.area() < best.fit.area())) best = p;
        }
        (best == null ? fromSource : best.children).add(n);
    }

    /** {@code from}, split to every node in {@code to} (each node's input label is set). */
    private static void taps(String from, String name, List<Node> to, StringBuilder graph) {
        if (to.size() == 1) {
            to.get(0).input = from;
            return;
        }
        if (to.isEmpty()) return;
        graph.append(from).append("split=").append(to.size());
        for (int i = 0; i < to.size(); i++) {
            to.get(i).input = "[" + name + "_" + i + "]";
            graph.append(to.get(i).input);
        }
        graph.append(';');
    }

    /**
     * A picture scaled on every frame: scaled, split to the sizes scaled from it, and (padded to its
     * frame if need be) to its encodes and periodic outputs.
     */
    private static void emit(Node n, StringBuilder graph) {
        List<String> own = new ArrayList<>();
        for (Consumer c : n.consumers) own.add(c.period().isPresent() ? "pre" + c.label() : c.label());
        String scaled = "s" + n.scale;
        List<String> children = new ArrayList<>();
        for (int i = 0; i < n.children.size(); i++) {
            children.add(scaled + "_" + i);
            n.children.get(i).input = "[" + scaled + "_" + i + "]";
        }
        graph.append(n.input).append(n.fit.scale()).append(",format=yuv420p");
        if (n.fit.pad().isEmpty()) {
            own.addAll(children);
        } else if (children.isEmpty()) {
            graph.append(',').append(n.fit.pad().get());
        } else {
            // The sizes scaled from this one take the picture before it is padded.
            children.add(scaled);
            split(children, graph);
            graph.append('[').append(scaled).append(']').append(n.fit.pad().get());
        }
        split(own, graph);
        for (Consumer c : n.consumers) {
            if (c.period().isEmpty()) continue;
            graph.append("[pre")
                    .append(c.label())
                    .append(']')
                    .append(everyPeriod(c.period().getAsDouble()))
                    .append(",format=yuvj420p[")
                    .append(c.label())
                    .append("];");
        }
    }

    /** Ends the chain written so far in {@code labels} (split if more than one) and the statement. */
    private static void split(List<String> labels, StringBuilder graph) {
        if (labels.size() > 1) graph.append(",split=").append(labels.size());
        for (String l : labels) graph.append('[').append(l).append(']');
        graph.append(';');
    }

    /** One picture per period, the first frame of each: "the first frame, then one every {@code seconds}". */
    static String everyPeriod(double seconds) {
        String period = FfmpegCommand.num(seconds);
        return "select='isnan(prev_selected_t)+gt(trunc(t/" + period + "),trunc(prev_selected_t/" + period + "))'";
    }

    private static int even(double v) {
        return (int) Math.round(v / 2) * 2;
    }
}
