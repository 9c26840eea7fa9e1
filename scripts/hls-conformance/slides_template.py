#!/usr/bin/env python3
"""The 2-hour slides clip's template: the full template's lowest rung and its audio rendition; the
MP4 and the frame captures (ten of them) reuse that rung's encode and the rendition's audio, so a
long clip adds no encode of its own. Usage: slides_template.py TEMPLATE_IN TEMPLATE_OUT"""
import copy
import json
import sys

t = json.load(open(sys.argv[1]))
hls = next(g for g in t["OutputGroups"] if g["OutputGroupSettings"]["Type"] == "HLS_GROUP_SETTINGS")
hls["Outputs"] = [o for o in hls["Outputs"] if o.get("NameModifier") in ("_234", "_audio")]
low = next(o for o in hls["Outputs"] if o["NameModifier"] == "_234")
audio = next(o for o in hls["Outputs"] if o["NameModifier"] == "_audio")
for g in t["OutputGroups"]:
    for o in g["Outputs"]:
        container = o.get("ContainerSettings", {}).get("Container")
        if container == "MP4":
            o["VideoDescription"] = copy.deepcopy(low["VideoDescription"])
            o["AudioDescriptions"] = copy.deepcopy(audio["AudioDescriptions"])
        elif container == "RAW":
            o["VideoDescription"]["Width"], o["VideoDescription"]["Height"] = 416, 234
            o["VideoDescription"]["CodecSettings"]["FrameCaptureSettings"]["MaxCaptures"] = 10
json.dump(t, open(sys.argv[2], "w"), indent=2)
