package org.lmshls.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmshls.template.JobTemplate;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;

class JobRequestFactoryTest {

    static final JobSettings TEMPLATE = JobTemplate.bundled();
    static final ConverterConfig CONFIG =
            new ConverterConfig("out-bucket", "arn:aws:iam::123456789012:role/mc", "app", "us-east-1");

    @Test
    void groupsAreFoundByTypeNotByPosition() {
        List<OutputGroup> reversed = new ArrayList<>(TEMPLATE.outputGroups());
        Collections.reverse(reversed);
        JobSettings shuffled = TEMPLATE.toBuilder().outputGroups(reversed).build();
        CreateJobRequest r = new JobRequestFactory(shuffled, CONFIG)
                .build(new S3Upload("in", "x.mp4", "v", "s", "e"), AssetLayout.forKey("x.mp4", ".mp4"));
        List<OutputGroup> groups = r.settings().outputGroups();
        assertEquals(
                "s3://out-bucket/assets/x/Thumbnails/x",
                groups.get(0).outputGroupSettings().fileGroupSettings().destination());
        assertEquals(
                "s3://out-bucket/assets/x/MP4/x",
                groups.get(1).outputGroupSettings().fileGroupSettings().destination());
        assertEquals(
                "s3://out-bucket/assets/x/HLS/x",
                groups.get(2).outputGroupSettings().hlsGroupSettings().destination());
    }

    @Test
    void theTemplateItselfIsNeverModified() {
        JobRequestFactory f = new JobRequestFactory(TEMPLATE, CONFIG);
        String before = TEMPLATE.toString();
        f.build(new S3Upload("in", "x.mp4", "v", "s", "e"), AssetLayout.forKey("x.mp4", ".mp4"));
        assertEquals(before, TEMPLATE.toString());
    }

    @Test
    void templateWithoutAnHlsGroupIsRejectedAtInit() {
        List<OutputGroup> noHls = TEMPLATE.outputGroups().stream()
                .filter(g -> g.outputGroupSettings().type() != OutputGroupType.HLS_GROUP_SETTINGS)
                .toList();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new JobRequestFactory(
                        TEMPLATE.toBuilder().outputGroups(noHls).build(), CONFIG));
        assertEquals("job template has no HLS output group", e.getMessage());
    }

    @Test
    void templateWithTwoInputsIsRejectedAtInit() {
        JobSettings two = TEMPLATE.toBuilder()
                .inputs(TEMPLATE.inputs().get(0), TEMPLATE.inputs().get(0))
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new JobRequestFactory(two, CONFIG));
        assertTrue(e.getMessage().contains("exactly one input"), e.getMessage());
    }
}
