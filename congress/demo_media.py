"""A short video and a short recording for the demo, made here without any encoder.

The video is a WebM file (VP8, no sound) of a few drawn frames: each frame is
drawn with Pillow, encoded by Pillow's WebP writer (a lossy WebP holds one VP8 key
frame) and laid into a minimal Matroska/WebM container, which browsers play with
their own ``<video>`` player. The recording is a WAV file of a few soft tones.
Both are written for this project; so are their captions and transcripts.
"""

import io
import math
import struct
import wave

from PIL import Image, ImageDraw


def _size(length):
    """An EBML element size in eight bytes (0x01 + 7 bytes), valid for any length."""
    return b"\x01" + length.to_bytes(7, "big")


def _element(element_id, payload):
    return element_id + _size(len(payload)) + payload


def _uint(element_id, value, width=None):
    width = width or max(1, (value.bit_length() + 7) // 8)
    return _element(element_id, value.to_bytes(width, "big"))


def vp8_frame(image, quality=60):
    """The VP8 key frame inside a lossy WebP of ``image``."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "WEBP", quality=quality, method=4)
    data = buffer.getvalue()
    position = 12  # after "RIFF", the size and "WEBP"
    while position + 8 <= len(data):
        tag = data[position : position + 4]
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        if tag == b"VP8 ":
            return data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)
    raise ValueError("Pillow wrote no VP8 frame")


def webm(frames, width, height, seconds_each=1.5):
    """A WebM file showing each VP8 frame for ``seconds_each`` seconds."""
    header = _element(
        b"\x1a\x45\xdf\xa3",
        _uint(b"\x42\x86", 1)  # EBMLVersion
        + _uint(b"\x42\xf7", 1)  # EBMLReadVersion
        + _uint(b"\x42\xf2", 4)  # EBMLMaxIDLength
        + _uint(b"\x42\xf3", 8)  # EBMLMaxSizeLength
        + _element(b"\x42\x82", b"webm")  # DocType
        + _uint(b"\x42\x87", 2)  # DocTypeVersion
        + _uint(b"\x42\x85", 2),  # DocTypeReadVersion
    )
    milliseconds = int(seconds_each * 1000)
    info = _element(
        b"\x15\x49\xa9\x66",
        _uint(b"\x2a\xd7\xb1", 1_000_000)  # TimecodeScale: milliseconds
        + _element(b"\x44\x89", struct.pack(">d", len(frames) * milliseconds))
        + _element(b"\x4d\x80", b"portal")  # MuxingApp
        + _element(b"\x57\x41", b"portal"),  # WritingApp
    )
    video = _element(b"\xe0", _uint(b"\xb0", width) + _uint(b"\xba", height))
    track = _element(
        b"\xae",
        _uint(b"\xd7", 1)  # TrackNumber
        + _uint(b"\x73\xc5", 1)  # TrackUID
        + _uint(b"\x83", 1)  # TrackType: video
        + _element(b"\x86", b"V_VP8")  # CodecID
        + _uint(b"\x9c", 0)  # FlagLacing
        + video,
    )
    blocks = b"".join(
        # SimpleBlock: track 1, time relative to the cluster, key frame.
        _element(b"\xa3", b"\x81" + struct.pack(">h", i * milliseconds) + b"\x80" + f)
        for i, f in enumerate(frames)
    )
    cluster = _element(b"\x1f\x43\xb6\x75", _uint(b"\xe7", 0) + blocks)
    segment = _element(
        b"\x18\x53\x80\x67", info + _element(b"\x16\x54\xae\x6b", track) + cluster
    )
    return header + segment


SCENES = [
    ((128, 18, 24), "Hội trường Đại hội"),
    ((150, 26, 30), "Đoàn Chủ tịch"),
    ((34, 84, 140), "Đại biểu thảo luận"),
    ((28, 112, 70), "Biểu quyết Nghị quyết"),
    ((140, 98, 22), "Ban Chấp hành khóa mới"),
    ((120, 16, 22), "Bế mạc Đại hội"),
]
SECONDS_EACH = 1.5


def _scene(index, colour, size=(640, 360)):
    width, height = size
    image = Image.new("RGB", size, (236, 230, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height * 0.34), fill=colour)
    draw.rectangle(
        (width * 0.2, height * 0.1, width * 0.8, height * 0.22), fill=(246, 205, 96)
    )
    for row in range(4):
        y = height * 0.45 + row * 44
        for col in range(12):
            x = 20 + col * 52 + (row % 2) * 24
            shade = 70 + row * 25
            draw.ellipse((x, y, x + 30, y + 30), fill=(shade, 60, 90 + index * 12))
    # A moving spot so that the frames are told apart at a glance.
    cx = width * (0.15 + 0.14 * index)
    draw.ellipse(
        (cx - 18, height * 0.27 - 18, cx + 18, height * 0.27 + 18), fill=(255, 255, 255)
    )
    return image


def demo_video():
    """A 9-second WebM of the congress's scenes (640×360)."""
    frames = [vp8_frame(_scene(i, colour)) for i, (colour, _t) in enumerate(SCENES)]
    return webm(frames, 640, 360, SECONDS_EACH)


def _timestamp(seconds):
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def demo_captions():
    """WebVTT captions: one line per scene of ``demo_video``."""
    lines = ["WEBVTT", ""]
    for i, (_colour, text) in enumerate(SCENES):
        start, end = i * SECONDS_EACH, (i + 1) * SECONDS_EACH
        lines += [str(i + 1), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines).encode("utf-8")


def demo_transcript():
    return "\n".join(
        f"{_timestamp(i * SECONDS_EACH)[3:8]} — {text}."
        for i, (_colour, text) in enumerate(SCENES)
    )


def demo_audio(seconds=4, rate=8000):
    """A WAV recording of a few soft tones (8 kHz, 16-bit, mono)."""
    notes = [523.25, 659.25, 783.99, 1046.5]
    samples = bytearray()
    per_note = seconds * rate // len(notes)
    for note in notes:
        for n in range(per_note):
            fade = min(1.0, n / 400, (per_note - n) / 1600)
            value = int(9000 * fade * math.sin(2 * math.pi * note * n / rate))
            samples += struct.pack("<h", value)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(samples))
    return buffer.getvalue()
