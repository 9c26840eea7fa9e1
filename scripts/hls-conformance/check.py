#!/usr/bin/env python3
"""HLS conformance check (issue 17): the local engine's real output, read back with the `m3u8`
package (an independent parser, not the engine's writer), and the job template for the AWS path.

Usage:
  check.py output ASSET_HLS_DIR SOURCE_FILE TEMPLATE_JSON [--slides]   one converted asset against its
                                                     source and the template it was converted with
  check.py template TEMPLATE_JSON BOTOCORE_MODEL_JSON_GZ  check the template's settings

FFPROBE and FFMPEG (environment) name the executables. Every failed rule is printed as
"FAIL <asset> <rule>: <why>"; the exit status is the number of failures (capped at 100).
"""

import gzip
import json
import math
import os
import re
import subprocess
import sys

import m3u8

FFPROBE = os.environ.get("FFPROBE", "ffprobe")
FFMPEG = os.environ.get("FFMPEG", "ffmpeg")

# The rules and their numbers, as the README's table lists them.
TARGET_LKFS = -16.0
LOUDNESS_TOLERANCE = 1.5  # LU
LOW_RUNG_PEAK = 192_000  # Apple HLS authoring spec 9.21: cellular variant
SEGMENT_SECONDS = 6
GOP_SECONDS = 2
BANDWIDTH_TOLERANCE = 0.10  # Apple 9.13/9.14: declared within 10 % of measured
LADDER = {"_234": (416, 234), "_360": (640, 360), "_540": (960, 540), "_720": (1280, 720), "_1080": (1920, 1080)}
THUMB = (160, 90)
TILE_LAYOUT = (5, 5)
THUMB_INTERVAL = 5

# RFC 8216 4.3.4.1: LANGUAGE is an RFC 5646 language tag (well-formed: a 2-3 letter primary subtag,
# then subtags of 1-8 letters or digits).
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

failures = []
passes = []


def rule(asset, name, ok, why=""):
    (passes if ok else failures).append((asset, name, why))
    if not ok:
        print(f"FAIL {asset} {name}: {why}", flush=True)
    return ok


def probe(path, *args):
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-print_format", "json", *args, path], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def rate(r):
    n, d = r.split("/")
    return float(n) / float(d) if float(d) else 0.0


def source_facts(src):
    info = probe(src, "-show_streams", "-show_format")
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
    duration = float(video.get("duration") or info["format"]["duration"])
    return {
        "width": int(video["width"]),
        "height": int(video["height"]),
        "fps": rate(video["avg_frame_rate"]),
        "duration": duration,
        "has_audio": bool(audio),
        "audio_language": audio[0].get("tags", {}).get("language", "und").lower() if audio else "und",
    }


def audio_only_output(t):
    """The template's audio-only HLS output (no VideoDescription) and its one AudioDescription."""
    hls = next(g for g in t["OutputGroups"] if g["OutputGroupSettings"]["Type"] == "HLS_GROUP_SETTINGS")
    out = next(o for o in hls["Outputs"] if "VideoDescription" not in o and o.get("AudioDescriptions"))
    return out, out["AudioDescriptions"][0]


def expected_audio_language(ad, source_language):
    """LANGUAGE as MediaConvert's AudioDescription sets it (the API reference of LanguageCodeControl,
    CustomLanguageCode, LanguageCode): USE_CONFIGURED writes the configured code, FOLLOW_INPUT the
    input track's language or, without one, the configured code. CustomLanguageCode is written as
    given (RFC 5646 for streaming outputs); LanguageCode, ISO 639-2, in lower case (AWS Elemental's
    sample manifests: LANGUAGE="eng"). None: no LANGUAGE."""
    configured = ad.get("CustomLanguageCode") or (ad.get("LanguageCode") or "").lower() or None
    if ad.get("LanguageCodeControl", "FOLLOW_INPUT") == "FOLLOW_INPUT" and source_language not in ("", "und"):
        return source_language
    return configured


def peak_and_average(segments, target):
    """RFC 8216 4.1: the peak segment bit rate is the largest bit rate of any contiguous set of segments
    whose total duration is between 0.5 and 1.5 times the target duration; the average is all bits over all
    seconds. `segments` is a list of (seconds, bytes)."""
    total_s = sum(s for s, _ in segments)
    total_b = sum(b for _, b in segments)
    average = total_b * 8 / total_s
    peak = None
    for i in range(len(segments)):
        secs = 0.0
        bits = 0
        for j in range(i, len(segments)):
            secs += segments[j][0]
            bits += segments[j][1] * 8
            if secs > 1.5 * target:
                break
            if secs >= 0.5 * target:
                peak = max(peak or 0, bits / secs)
    return (peak if peak is not None else average), average


def media_segments(playlist, hls_dir):
    out = []
    for s in playlist.segments:
        if s.byterange:
            length = int(s.byterange.split("@")[0])
        else:
            length = os.path.getsize(os.path.join(hls_dir, s.uri))
        out.append((s.duration, length))
    return out


def within(declared, measured, tolerance=BANDWIDTH_TOLERANCE):
    return abs(declared - measured) <= tolerance * measured


def check_output(hls_dir, src, template_path, slides):
    facts = source_facts(src)
    template = json.load(open(template_path))
    asset = os.path.basename(os.path.dirname(os.path.normpath(hls_dir)))
    frame = 1.0 / facts["fps"]
    masters = [
        f
        for f in os.listdir(hls_dir)
        if f.endswith(".m3u8") and "#EXT-X-STREAM-INF" in open(os.path.join(hls_dir, f)).read()
    ]
    if not rule(asset, "one master playlist", len(masters) == 1, f"found {masters}"):
        return
    master_path = os.path.join(hls_dir, masters[0])
    master = m3u8.load(master_path)
    variants = master.playlists
    rule(asset, "has variants", len(variants) >= 1, "no EXT-X-STREAM-INF")

    # The audio rendition (EXT-X-MEDIA TYPE=AUDIO), not an audio-only variant.
    audio_media = [m for m in master.media if m.type == "AUDIO"]
    rule(asset, "audio-only rendition as EXT-X-MEDIA TYPE=AUDIO", len(audio_media) >= 1 and all(m.uri for m in audio_media),
         f"{len(audio_media)} audio renditions")
    # LANGUAGE and NAME of the audio rendition, from the settings the asset was converted with.
    _, ad = audio_only_output(template)
    language = expected_audio_language(ad, facts["audio_language"])
    for m in audio_media:
        rule(asset, f"audio {m.uri} LANGUAGE {language} (RFC 5646) and NAME {ad.get('StreamName')!r} from its AudioDescription",
             language is not None and m.language == language and bool(LANGUAGE_TAG.fullmatch(m.language or ""))
             and m.name == ad.get("StreamName"), f"LANGUAGE={m.language!r} NAME={m.name!r}")
    audio_groups = {}
    for m in audio_media:
        p = m3u8.load(os.path.join(hls_dir, m.uri))
        segs = media_segments(p, hls_dir)
        audio_groups.setdefault(m.group_id, []).append((m, p, peak_and_average(segs, p.target_duration)))
        total = sum(s.duration for s in p.segments)
        # Held to 0.1 s, not a frame: AAC frames are 21.3 ms and FFmpeg's HLS muxer counts the last one loosely.
        rule(asset, f"audio {m.uri} EXTINF sum within 0.1 s of the media", abs(total - facts["duration"]) <= 0.1,
             f"sum {total:.4f} s, media {facts['duration']:.4f} s")

    bandwidths = []
    for v in variants:
        si = v.stream_info
        name = v.uri
        rule(asset, f"{name} not audio-only", bool(si.resolution) and "avc1" in (si.codecs or ""),
             f"RESOLUTION={si.resolution} CODECS={si.codecs}")
        rule(asset, f"{name} BANDWIDTH and AVERAGE-BANDWIDTH", bool(si.bandwidth) and bool(si.average_bandwidth), "")
        rule(asset, f"{name} FRAME-RATE", si.frame_rate is not None and abs(si.frame_rate - facts["fps"]) < 0.01,
             f"FRAME-RATE={si.frame_rate}, source {facts['fps']:.3f}")
        codecs = (si.codecs or "").split(",")
        rule(asset, f"{name} CODECS RFC 6381",
             any(re.fullmatch(r"avc1\.[0-9a-fA-F]{6}", c) for c in codecs)
             and all(re.fullmatch(r"avc1\.[0-9a-fA-F]{6}|mp4a\.40\.(2|5|29)", c) for c in codecs)
             and (not audio_media or "mp4a.40.2" in codecs),
             f"CODECS={si.codecs}")
        rule(asset, f"{name} High profile (CODECS)", any(c.lower().startswith("avc1.64") for c in codecs), si.codecs)
        rule(asset, f"{name} AUDIO group", si.audio in audio_groups, f"AUDIO={si.audio}")

        playlist = m3u8.load(os.path.join(hls_dir, v.uri))
        raw = open(os.path.join(hls_dir, v.uri)).read()
        extinfs = re.findall(r"#EXTINF:([^,\n]*)", raw)
        rule(asset, f"{name} decimal EXTINF", extinfs and all(re.fullmatch(r"\d+\.\d+", e) for e in extinfs),
             f"EXTINF values {extinfs[:3]}")
        durations = [s.duration for s in playlist.segments]
        total = sum(durations)
        rule(asset, f"{name} EXTINF sum within one frame of the media", abs(total - facts["duration"]) <= frame + 1e-6,
             f"sum {total:.5f} s, media {facts['duration']:.5f} s, frame {frame:.5f} s")
        rule(asset, f"{name} TARGETDURATION {SEGMENT_SECONDS}", playlist.target_duration == SEGMENT_SECONDS,
             f"TARGETDURATION={playlist.target_duration}")
        rule(asset, f"{name} {SEGMENT_SECONDS} s segments",
             all(abs(d - SEGMENT_SECONDS) <= frame + 1e-6 for d in durations[:-1])
             and durations[-1] <= SEGMENT_SECONDS + frame,
             f"durations {[round(d, 3) for d in durations[:4]]}… last {durations[-1]:.3f}")
        segs = media_segments(playlist, hls_dir)
        vpeak, vavg = peak_and_average(segs, playlist.target_duration)
        apeak, aavg = (max(x[2][0] for x in audio_groups[si.audio]), max(x[2][1] for x in audio_groups[si.audio])) \
            if si.audio in audio_groups else (0, 0)
        rule(asset, f"{name} BANDWIDTH within 10 % of measured peak", within(si.bandwidth, vpeak + apeak),
             f"declared {si.bandwidth}, measured {vpeak + apeak:.0f}")
        rule(asset, f"{name} AVERAGE-BANDWIDTH within 10 % of measured", within(si.average_bandwidth, vavg + aavg),
             f"declared {si.average_bandwidth}, measured {vavg + aavg:.0f}")
        bandwidths.append((si.bandwidth, si.resolution, v.uri))

        # What the bits are: one segment per variant, probed (profile, keyframe cadence dividing the segment).
        first = os.path.join(hls_dir, playlist.segments[0].uri)
        info = probe(first, "-show_streams", "-select_streams", "v:0")
        profile = info["streams"][0].get("profile", "")
        rule(asset, f"{name} High profile (bitstream)", profile.startswith("High"), f"profile {profile}")
        if not slides or v is variants[0]:
            frames = probe(first, "-skip_frame", "nokey", "-select_streams", "v:0", "-show_entries", "frame=pts_time")
            keys = [float(f["pts_time"]) for f in frames.get("frames", [])]
            gaps = [round(b - a, 3) for a, b in zip(keys, keys[1:])]
            rule(asset, f"{name} GOP {GOP_SECONDS} s divides the segment",
                 bool(keys) and all(abs(g - GOP_SECONDS) <= frame + 1e-3 for g in gaps)
                 and len(keys) == max(1, round(durations[0] / GOP_SECONDS)),
                 f"key frames at {keys[:5]} in a {durations[0]:.3f} s segment")
        if slides and v is variants[0]:
            # Drift: where the player thinks the last segment starts (sum of EXTINF) against its first frame.
            last = os.path.join(hls_dir, playlist.segments[-1].uri)
            t0 = float(probe(first, "-show_entries", "format=start_time")["format"]["start_time"])
            tn = float(probe(last, "-show_entries", "format=start_time")["format"]["start_time"])
            declared = sum(durations[:-1])
            rule(asset, f"{name} no drift over {total / 3600:.1f} h", abs((tn - t0) - declared) <= frame + 1e-3,
                 f"last segment starts at {tn - t0:.4f} s by its time stamps, {declared:.4f} s by EXTINF")
            rule(asset, f"{name} segment count", abs(len(durations) - facts["duration"] / SEGMENT_SECONDS) <= 1,
                 f"{len(durations)} segments for {facts['duration']:.0f} s")

    # Ladder: a weak-connection rung, the mid rung first.
    lowest = min(bandwidths)
    rule(asset, "a variant with peak BANDWIDTH <= 192 kb/s (incl. audio)", lowest[0] <= LOW_RUNG_PEAK,
         f"lowest is {lowest[2]} at {lowest[0]}")
    if facts["height"] >= 234 and not slides:
        rule(asset, "416x234 rung present", any(r == (416, 234) for _, r, _ in bandwidths),
             f"resolutions {[r for _, r, _ in bandwidths]}")
        low = [b for b, r, _ in bandwidths if r == (416, 234)]
        rule(asset, "416x234 rung peak <= 192 kb/s", bool(low) and low[0] <= LOW_RUNG_PEAK, f"{low}")
    if len(bandwidths) >= 3:
        first_bw = bandwidths[0][0]
        rule(asset, "a mid rung listed first", min(b for b, _, _ in bandwidths) < first_bw < max(b for b, _, _ in bandwidths),
             f"first {bandwidths[0][2]} ({first_bw}); range {lowest[0]}..{max(b for b, _, _ in bandwidths)}")
    if facts["height"] >= 720 and not slides:
        for size in [(640, 360), (960, 540), (1280, 720)]:
            rule(asset, f"seed rung {size[0]}x{size[1]} kept", any(r == size for _, r, _ in bandwidths), "")

    # I-frame playlists: one per variant, with BANDWIDTH, CODECS, RESOLUTION; byte ranges that are TS packets.
    iframes = master.iframe_playlists
    rule(asset, "an I-frame playlist per variant", len(iframes) == len(variants), f"{len(iframes)} for {len(variants)}")
    for p in iframes:
        si = p.iframe_stream_info
        rule(asset, f"{p.uri} BANDWIDTH, CODECS, RESOLUTION",
             bool(si.bandwidth) and bool(si.codecs) and re.fullmatch(r"avc1\.[0-9a-fA-F]{6}", si.codecs or "") is not None
             and bool(si.resolution), f"{si.bandwidth} {si.codecs} {si.resolution}")
        ip = m3u8.load(os.path.join(hls_dir, p.uri))
        rule(asset, f"{p.uri} EXT-X-I-FRAMES-ONLY", ip.is_i_frames_only, "")
        ok = True
        why = ""
        for s in ip.segments[: 50 if slides else None]:
            length, offset = (int(x) for x in s.byterange.split("@"))
            with open(os.path.join(hls_dir, s.uri), "rb") as f:
                f.seek(offset)
                data = f.read(length)
            if len(data) != length or length % 188 or any(data[i] != 0x47 for i in range(0, length, 188)) \
                    or b"\x00\x00\x01\x65" not in data and b"\x00\x00\x01\x25" not in data and b"\x00\x00\x01\x45" not in data:
                ok = False
                why = f"{s.uri} {s.byterange} is not whole TS packets holding an IDR slice"
                break
        rule(asset, f"{p.uri} byte ranges are I-frames", ok and bool(ip.segments), why)
        ipeak, _ = peak_and_average(media_segments(ip, hls_dir), ip.target_duration)
        rule(asset, f"{p.uri} BANDWIDTH within 10 % of measured", within(si.bandwidth, ipeak),
             f"declared {si.bandwidth}, measured {ipeak:.0f}")
        total = sum(s.duration for s in ip.segments)
        rule(asset, f"{p.uri} covers the media", abs(total - facts["duration"]) <= frame + 1e-3, f"sum {total:.3f}")

    # Loudness: BS.1770 integrated loudness of the audio rendition.
    if facts["has_audio"] and audio_media and not slides:
        uri = os.path.join(hls_dir, audio_media[0].uri)
        out = subprocess.run([FFMPEG, "-hide_banner", "-nostats", "-i", uri, "-af", "ebur128", "-f", "null", "-"],
                             capture_output=True, text=True).stderr
        found = re.findall(r"I:\s+(-?[\d.]+) LUFS", out)
        lufs = float(found[-1]) if found else None
        rule(asset, f"loudness {TARGET_LKFS} LKFS +- {LOUDNESS_TOLERANCE}",
             lufs is not None and abs(lufs - TARGET_LKFS) <= LOUDNESS_TOLERANCE, f"integrated {lufs} LUFS")

    # Image-based trick play: EXT-X-IMAGE-STREAM-INF → image media playlist (Image Media Playlist 0.4).
    images = master.image_playlists
    if rule(asset, "EXT-X-IMAGE-STREAM-INF", len(images) == 1, f"{len(images)} image streams"):
        isi = images[0].image_stream_info
        rule(asset, "image stream RESOLUTION, CODECS=jpeg, BANDWIDTH",
             isi.resolution == THUMB and (isi.codecs or "").lower() == "jpeg" and bool(isi.bandwidth),
             f"{isi.resolution} {isi.codecs} {isi.bandwidth}")
        ip = m3u8.load(os.path.join(hls_dir, images[0].uri))
        rule(asset, "image playlist EXT-X-IMAGES-ONLY", ip.is_images_only, "")
        tiles = ip.data["tiles"]  # the parser keeps EXT-X-TILES as attribute dicts
        rule(asset, "EXT-X-TILES on every image",
             len(tiles) == len(ip.segments) and all(
                 t.get("resolution") == f"{THUMB[0]}x{THUMB[1]}" and t.get("layout") == f"{TILE_LAYOUT[0]}x{TILE_LAYOUT[1]}"
                 and abs(float(t.get("duration", 0)) - THUMB_INTERVAL) < 1e-6 for t in tiles),
             f"{len(tiles)} tiles tags for {len(ip.segments)} images: {tiles[:2]}")
        expected = math.ceil(facts["duration"] / (THUMB_INTERVAL * TILE_LAYOUT[0] * TILE_LAYOUT[1]) - 1e-9)
        rule(asset, "one tile image per 125 s", len(ip.segments) == expected, f"{len(ip.segments)} images, expected {expected}")
        total = sum(s.duration for s in ip.segments)
        rule(asset, "image playlist covers the media", abs(total - facts["duration"]) <= 0.5, f"sum {total:.3f}")
        first = os.path.join(hls_dir, ip.segments[0].uri)
        s = probe(first, "-show_streams")["streams"][0]
        rule(asset, "tile image is a JPEG of 5x5 thumbnails",
             s["codec_name"] == "mjpeg" and (s["width"], s["height"]) == (THUMB[0] * TILE_LAYOUT[0], THUMB[1] * TILE_LAYOUT[1]),
             f"{s['codec_name']} {s['width']}x{s['height']}")


def check_template(path, model_path):
    t = json.load(open(path))
    asset = "template"
    # Values MediaConvert's own model accepts (enums, ranges, patterns, member names).
    shapes = json.load(gzip.open(model_path))["shapes"]
    errors = []

    def walk(value, shape, where):
        s = shapes[shape]
        if s["type"] == "structure":
            for k, x in value.items():
                if k not in s["members"]:
                    errors.append(f"{where}.{k} is not in the model")
                else:
                    walk(x, s["members"][k]["shape"], f"{where}.{k}")
        elif s["type"] == "list":
            for i, x in enumerate(value):
                walk(x, s["member"]["shape"], f"{where}[{i}]")
        elif s["type"] == "map":
            for k, x in value.items():
                walk(x, s["value"]["shape"], f"{where}.{k}")
        elif s["type"] == "string":
            if "enum" in s and value not in s["enum"]:
                errors.append(f"{where} = {value} not one of {s['enum']}")
            if "pattern" in s and not re.search(s["pattern"], value):
                errors.append(f"{where} = {value!r} does not match {s['pattern']}")
        elif s["type"] in ("integer", "long", "double"):
            if ("min" in s and value < s["min"]) or ("max" in s and value > s["max"]):
                errors.append(f"{where} = {value} outside {s.get('min')}..{s.get('max')}")

    walk(t, "JobSettings", "$")
    rule(asset, "valid against MediaConvert's service model", not errors, "; ".join(errors))

    hls = next(g for g in t["OutputGroups"] if g["OutputGroupSettings"]["Type"] == "HLS_GROUP_SETTINGS")
    gs = hls["OutputGroupSettings"]["HlsGroupSettings"]
    rule(asset, "SegmentLength 6", gs.get("SegmentLength") == SEGMENT_SECONDS, str(gs.get("SegmentLength")))
    rule(asset, "decimal EXTINF (ManifestDurationFormat FLOATING_POINT)", gs.get("ManifestDurationFormat") == "FLOATING_POINT", "")
    rule(asset, "CodecSpecification RFC_6381", gs.get("CodecSpecification") == "RFC_6381", "")
    rule(asset, "StreamInfResolution INCLUDE", gs.get("StreamInfResolution") == "INCLUDE", "")
    trick = gs.get("ImageBasedTrickPlaySettings", {})
    rule(asset, "image-based trick play ADVANCED, small tiled thumbnails",
         gs.get("ImageBasedTrickPlay") == "ADVANCED"
         and (trick.get("ThumbnailWidth"), trick.get("ThumbnailHeight")) == THUMB
         and (trick.get("TileWidth"), trick.get("TileHeight")) == TILE_LAYOUT
         and trick.get("IntervalCadence") == "FOLLOW_CUSTOM" and trick.get("ThumbnailInterval") == THUMB_INTERVAL,
         json.dumps(trick))
    video = [o for o in hls["Outputs"] if "VideoDescription" in o]
    audio = [o for o in hls["Outputs"] if "VideoDescription" not in o and o.get("AudioDescriptions")]
    mods = [o["NameModifier"] for o in video]
    rule(asset, "ladder _234 _360 _540 _720 _1080", sorted(mods) == sorted(LADDER) and all(
        (o["VideoDescription"]["Width"], o["VideoDescription"]["Height"]) == LADDER[o["NameModifier"]] for o in video), str(mods))
    rule(asset, "a mid rung listed first", mods and mods[0] == "_540", f"first {mods[:1]}")
    for o in video:
        h = o["VideoDescription"]["CodecSettings"]["H264Settings"]
        m = o["NameModifier"]
        rule(asset, f"{m} High profile", h.get("CodecProfile") == "HIGH", h.get("CodecProfile"))
        rule(asset, f"{m} GOP in seconds dividing the segment",
             h.get("GopSizeUnits") == "SECONDS" and SEGMENT_SECONDS % h["GopSize"] == 0, f"{h.get('GopSize')} {h.get('GopSizeUnits')}")
        rule(asset, f"{m} frame rate from the source (FRAME-RATE)", h.get("FramerateControl") == "INITIALIZE_FROM_SOURCE", "")
        hs = o.get("OutputSettings", {}).get("HlsSettings", {})
        rule(asset, f"{m} I-frame playlist (IFrameOnlyManifest INCLUDE)", hs.get("IFrameOnlyManifest") == "INCLUDE", "")
        rule(asset, f"{m} plays the audio rendition, no muxed audio",
             not o.get("AudioDescriptions") and audio and hs.get("AudioRenditionSets") == audio[0]["OutputSettings"]["HlsSettings"]["AudioGroupId"], "")
    if rule(asset, "one audio-only rendition", len(audio) == 1, f"{len(audio)}"):
        ahs = audio[0]["OutputSettings"]["HlsSettings"]
        rule(asset, "audio rendition is EXT-X-MEDIA (not an audio-only variant)",
             ahs.get("AudioTrackType", "").startswith("ALTERNATE_AUDIO"), ahs.get("AudioTrackType"))
        # EXT-X-MEDIA LANGUAGE comes from the language code, NAME from the stream name (MediaLive's and AWS
        # Elemental's sample manifests; MediaConvert's API reference of StreamName: "passes this information
        # into destination manifests"). Whatever the input's tags, a configured code must be there.
        _, ad = audio_only_output(t)
        code = expected_audio_language(ad, "")
        rule(asset, "audio rendition LANGUAGE (LanguageCodeControl + CustomLanguageCode/LanguageCode, RFC 5646)",
             code is not None and bool(LANGUAGE_TAG.fullmatch(code)),
             json.dumps({k: ad.get(k) for k in ("LanguageCodeControl", "CustomLanguageCode", "LanguageCode")}))
        rule(asset, "audio rendition NAME (StreamName)", bool((ad.get("StreamName") or "").strip()), str(ad.get("StreamName")))
    low = next((o for o in video if o["NameModifier"] == "_234"), None)
    if low and audio:
        h = low["VideoDescription"]["CodecSettings"]["H264Settings"]
        abr = audio[0]["AudioDescriptions"][0]["CodecSettings"]["AacSettings"]["Bitrate"]
        # Worst 6 s segment the HRD buffer allows: MaxBitrate plus the whole buffer spent in one segment.
        worst = h["MaxBitrate"] + h.get("HrdBufferSize", 2 * h["MaxBitrate"]) / SEGMENT_SECONDS + abr
        rule(asset, "_234 peak incl. audio <= 192 kb/s (MaxBitrate + HRD/segment + audio)", worst <= LOW_RUNG_PEAK, f"{worst:.0f}")
    for g in t["OutputGroups"]:
        for o in g["Outputs"]:
            for a in o.get("AudioDescriptions", []):
                n = a.get("AudioNormalizationSettings", {})
                rule(asset, f"{g.get('CustomName')}{o.get('NameModifier', '')} loudness BS.1770 to {TARGET_LKFS} LKFS",
                     n.get("Algorithm", "").startswith("ITU_BS_1770") and n.get("AlgorithmControl") == "CORRECT_AUDIO"
                     and n.get("TargetLkfs") == TARGET_LKFS, json.dumps(n))


def main():
    if sys.argv[1] == "output":
        check_output(sys.argv[2], sys.argv[3], sys.argv[4], "--slides" in sys.argv[5:])
    elif sys.argv[1] == "template":
        check_template(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
    print(f"{sys.argv[1]} {os.path.basename(os.path.normpath(sys.argv[2]))}: {len(passes)} passed, {len(failures)} failed")
    sys.exit(min(len(failures), 100))


if __name__ == "__main__":
    main()
