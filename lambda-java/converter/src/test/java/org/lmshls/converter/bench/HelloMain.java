package org.lmshls.converter.bench;

/** The baseline: a JVM that starts and exits. */
public final class HelloMain {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
