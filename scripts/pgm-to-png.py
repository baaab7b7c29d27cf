#!/usr/bin/env python3
"""Write an 8-bit gray PGM (P5) as an 8-bit gray PNG stating 'dpi'.

    scripts/pgm-to-png.py IN.pgm OUT.png [DPI]

For scripts/fixtures-ocr.sh: pdftoppm writes -gray pages as RGB PNGs,
three times the size of the same pixels in gray."""
import struct
import sys
import zlib


def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # P5, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the one whitespace byte before the pixels
    if fields[0] != b"P5" or fields[3] != b"255":
        sys.exit(f"{path}: not an 8-bit gray PGM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h]


def chunk(kind, body):
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def main():
    w, h, pixels = read_pgm(sys.argv[1])
    dpi = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rows = b"".join(b"\0" + pixels[y * w:(y + 1) * w] for y in range(h))
    with open(sys.argv[2], "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        if dpi:
            dpm = round(dpi / 0.0254)  # PNG states pixels a metre
            out.write(chunk(b"pHYs", struct.pack(">IIB", dpm, dpm, 1)))
        out.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        out.write(chunk(b"IEND", b""))


main()
