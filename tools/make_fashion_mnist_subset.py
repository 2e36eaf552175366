#!/usr/bin/env python3
"""Makes the Fashion-MNIST subset shipped with Diamond from Debian's dataset-fashion-mnist (standard library only).

Stratified and deterministic: the first TEST_PER_CLASS test images and the first TRAIN_PER_CLASS training images of
each class, in file order, written as gzip-compressed IDX files with a zero timestamp so that the bytes (and the
checksums that FashionMnistSubsetTest asserts) are reproducible.

    python3 tools/make_fashion_mnist_subset.py [/usr/share/datasets/fashion-mnist]
"""
import gzip
import struct
import sys
from pathlib import Path

TEST_PER_CLASS = 100
TRAIN_PER_CLASS = 50
OUT = Path(__file__).resolve().parent.parent / "core/src/main/resources/io/diamondmaps/data/fashion-mnist-subset"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return dims, data[4 + 4 * rank:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + payload)


def subset(src, split, per_class):
    (n, h, w), images = read_idx(src / f"{split}-images-idx3-ubyte.gz")
    (m,), labels = read_idx(src / f"{split}-labels-idx1-ubyte.gz")
    assert n == m
    counts = [0] * 10
    picked = []
    for i, label in enumerate(labels):
        if counts[label] < per_class:
            counts[label] += 1
            picked.append(i)
    size = h * w
    write_idx(OUT / f"{split}-images-idx3-ubyte.gz", (len(picked), h, w),
              b"".join(images[i * size:(i + 1) * size] for i in picked))
    write_idx(OUT / f"{split}-labels-idx1-ubyte.gz", (len(picked),), bytes(labels[i] for i in picked))
    print(f"{split}: {len(picked)} images, indices {picked[0]}..{picked[-1]} of {n}")


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
    OUT.mkdir(parents=True, exist_ok=True)
    subset(source, "t10k", TEST_PER_CLASS)
    subset(source, "train", TRAIN_PER_CLASS)
