package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConverterConfigTest {

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("DestinationBucket", "output-bucket-terraform-lms-hls-streaming");
        env.put("MediaConvertRole", "arn:aws:iam::123456789012:role/lms-hls-mediaconvert");
        env.put("Application", "lms-hls-streaming-dev");
        env.put("AWS_REGION", "eu-south-1");
        return env;
    }

    @Test
    void readsTheThreeVariablesAndTheRegion() {
        ConverterConfig c = ConverterConfig.from(valid()::get);
        assertEquals("output-bucket-terraform-lms-hls-streaming", c.destinationBucket());
        assertEquals("arn:aws:iam::123456789012:role/lms-hls-mediaconvert", c.mediaConvertRole());
        assertEquals("lms-hls-streaming-dev", c.application());
        assertEquals("eu-south-1", c.region());
    }

    @Test
    void missingVariableIsNamed() {
        for (String name : new String[] {"DestinationBucket", "MediaConvertRole", "Application", "AWS_REGION"}) {
            Map<String, String> env = valid();
            env.remove(name);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConverterConfig.from(env::get));
            assertTrue(e.getMessage().contains("environment variable " + name + " is not set"), e.getMessage());
        }
    }

    @Test
    void malformedVariablesAreNamedWithTheirValue() {
        Map<String, String> env = valid();
        env.put("DestinationBucket", "s3://Output_Bucket");
        env.put("MediaConvertRole", "mediaconvert-role");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConverterConfig.from(env::get));
        assertTrue(e.getMessage().contains("DestinationBucket is malformed: \"s3://Output_Bucket\""), e.getMessage());
        assertTrue(e.getMessage().contains("MediaConvertRole is malformed: \"mediaconvert-role\""), e.getMessage());
    }

    @Test
    void blankIsMissing() {
        Map<String, String> env = valid();
        env.put("Application", "  ");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConverterConfig.from(env::get));
        assertTrue(e.getMessage().contains("Application is not set"), e.getMessage());
    }
}
