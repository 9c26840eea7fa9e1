package org.lmshls.converter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The deployment's settings: the variables Terraform sets, plus the Lambda's own
 * {@code AWS_REGION}. Checked once, at init, so a misconfigured function fails loudly on its
 * first invocation instead of submitting broken jobs.
 *
 * @param defaultCaptionLanguage the BCP 47 tag of a caption file without one ({@code intro.vtt});
 *     {@code DefaultCaptionLanguage}, {@value #DEFAULT_CAPTION_LANGUAGE_IF_UNSET} when unset
 */
public record ConverterConfig(
        String destinationBucket,
        String mediaConvertRole,
        String application,
        String region,
        String defaultCaptionLanguage) {

    public static final String DEFAULT_CAPTION_LANGUAGE = "DefaultCaptionLanguage";
    public static final String DEFAULT_CAPTION_LANGUAGE_IF_UNSET = "en";

    public static final String DESTINATION_BUCKET = "DestinationBucket";
    public static final String MEDIACONVERT_ROLE = "MediaConvertRole";
    public static final String APPLICATION = "Application";
    public static final String AWS_REGION = "AWS_REGION";

    // S3's bucket naming rules (lower case, digits, dots, hyphens; 3-63; starts/ends alnum).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    // Used as job user metadata and to filter job-state events: keep it a plain identifier.
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public ConverterConfig {
        List<String> problems = new ArrayList<>();
        check(
                problems,
                DESTINATION_BUCKET,
                destinationBucket,
                BUCKET,
                "an S3 bucket name such as output-bucket-terraform-lms-hls-streaming");
        check(
                problems,
                MEDIACONVERT_ROLE,
                mediaConvertRole,
                ROLE_ARN,
                "an IAM role ARN such as arn:aws:iam::123456789012:role/mediaconvert");
        check(problems, APPLICATION, application, APPLICATION_NAME, "letters, digits, '.', '_' or '-' (at most 128)");
        check(problems, AWS_REGION, region, REGION, "an AWS region such as us-east-1");
        if (defaultCaptionLanguage == null || defaultCaptionLanguage.isBlank()) {
            defaultCaptionLanguage = DEFAULT_CAPTION_LANGUAGE_IF_UNSET;
        } else {
            var tag = Captions.normalisedTag(defaultCaptionLanguage.trim());
            if (tag.isEmpty()) {
                problems.add("environment variable " + DEFAULT_CAPTION_LANGUAGE + " is malformed: \""
                        + defaultCaptionLanguage + "\" (expected a BCP 47 language tag such as en or pt-BR)");
            } else {
                defaultCaptionLanguage = tag.get();
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("converter configuration is invalid: " + String.join("; ", problems));
        }
    }

    /** Without a default caption language: {@value #DEFAULT_CAPTION_LANGUAGE_IF_UNSET}. */
    public ConverterConfig(String destinationBucket, String mediaConvertRole, String application, String region) {
        this(destinationBucket, mediaConvertRole, application, region, null);
    }

    /**
     * Reads the configuration from environment variables, falling back to JVM system properties of
     * the same names (so a host that runs the handler in-process can configure it).
     */
    public static ConverterConfig fromEnvironment() {
        return from(name -> {
            String v = System.getenv(name);
            return v != null ? v : System.getProperty(name);
        });
    }

    /** Reads the configuration from any name-to-value lookup. */
    public static ConverterConfig from(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return new ConverterConfig(
                lookup.apply(DESTINATION_BUCKET),
                lookup.apply(MEDIACONVERT_ROLE),
                lookup.apply(APPLICATION),
                lookup.apply(AWS_REGION),
                lookup.apply(DEFAULT_CAPTION_LANGUAGE));
    }

    private static void check(List<String> problems, String name, String value, Pattern shape, String expected) {
        if (value == null || value.isBlank()) {
            problems.add("environment variable " + name + " is not set");
        } else if (!shape.matcher(value).matches()) {
            problems.add(
                    "environment variable " + name + " is malformed: \"" + value + "\" (expected " + expected + ")");
        }
    }
}
