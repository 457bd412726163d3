"""tf.summary.image: the engine's ImageSummary kernel PNG-encodes images as TF1's does. Pixel values,
tags and sizes are tensorflow.compat.v1's (TF 2.21, decoded from its summaries); the PNG is
decoded here by PIL, and the event file read back by the real TensorBoard."""
import io

import numpy as np
import pytest
from PIL import Image

import jupyter_flow as tf
from jupyter_flow.summary.protos import Summary


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def summary_images(serialized):
    """[(tag, height, width, colorspace, pixels as nested lists [h][w][c])] of a Summary's images."""
    out = []
    for v in Summary.FromString(serialized).value:
        im = v.image
        pixels = np.array(Image.open(io.BytesIO(im.encoded_image_string)))
        if pixels.ndim == 2:
            pixels = pixels[..., None]
        out.append((v.tag, im.height, im.width, im.colorspace, pixels.tolist()))
    return out


POSITIVE = np.array([[[[0.], [0.5]], [[1.], [2.]]]], np.float32)  # 1x2x2x1, all >= 0


@pytest.mark.parametrize("name, images, max_outputs, expected", [
    # all >= 0: scaled by 255 / max, truncated
    ("pos", POSITIVE, 3, [("pos/image/0", 2, 2, 1, [[[0], [63]], [[127], [255]]])]),
    # a negative value: 0 -> 128, the largest magnitude -> 127 away
    ("neg", np.array([[[[-1., 0.5, 0.25], [0., 1., 2.]]]], np.float32), 3,
     [("neg/image/0", 1, 2, 3, [[[64, 159, 143], [128, 191, 255]]])]),
    # a pixel with a NaN channel is opaque red; the others scale among themselves
    ("nan", np.array([[[[np.nan, 1., 1., 1.], [0.5, 0.5, 0.25, 1.]]]], np.float32), 3,
     [("nan/image/0", 1, 2, 4, [[[255, 0, 0, 255], [127, 127, 63, 255]]])]),
    # uint8 unchanged
    ("u8", np.arange(12, dtype=np.uint8).reshape(1, 2, 2, 3) * 20, 3,
     [("u8/image/0", 2, 2, 3, [[[0, 20, 40], [60, 80, 100]], [[120, 140, 160], [180, 200, 220]]])]),
    # a maximum below 1e-6 scales everything to 0
    ("small", np.full((1, 1, 2, 1), 1e-7, np.float32), 3, [("small/image/0", 1, 2, 1, [[[0], [0]]])]),
    # each image is scaled on its own; max_outputs caps the batch
    ("batch", np.stack([POSITIVE[0], POSITIVE[0] * 4 - 1, POSITIVE[0]]), 2,
     [("batch/image/0", 2, 2, 1, [[[0], [63]], [[127], [255]]]),
      ("batch/image/1", 2, 2, 1, [[[109], [146]], [[182], [255]]])]),
    # max_outputs=1: the tag has no index
    ("one", np.stack([POSITIVE[0], POSITIVE[0]]), 1, [("one/image", 2, 2, 1, [[[0], [63]], [[127], [255]]])]),
    # float64 follows the same rule
    ("d64", POSITIVE.astype(np.float64), 3, [("d64/image/0", 2, 2, 1, [[[0], [63]], [[127], [255]]])]),
])
def test_image_pixels_tags_and_sizes_match_tf1(name, images, max_outputs, expected):
    s = tf.summary.image(name, tf.constant(images), max_outputs=max_outputs)
    assert s.op.type == "ImageSummary" and s.name == f"{name}:0"
    with tf.Session() as sess:
        assert summary_images(sess.run(s)) == expected


def test_image_tag_follows_name_scope_and_family():
    with tf.name_scope("outer"):
        scoped = tf.summary.image("img", tf.constant(POSITIVE), max_outputs=1)
    fam = tf.summary.image("fam", tf.constant(POSITIVE), family="F")
    assert (scoped.name, fam.name) == ("outer/img:0", "F/fam:0")
    with tf.Session() as sess:
        assert summary_images(sess.run(scoped))[0][0] == "outer/img/image"
        assert summary_images(sess.run(fam))[0][0] == "F/F/fam/image/0"  # TF1 repeats the family
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [scoped, fam]


def test_large_image_spans_several_stored_deflate_blocks():
    rng = np.random.RandomState(0)
    images = rng.randint(0, 256, size=(1, 200, 150, 4)).astype(np.uint8)  # 120,200 bytes of rows
    with tf.Session() as sess:
        (_, h, w, c, pixels), = summary_images(sess.run(tf.summary.image("big", tf.constant(images))))
    assert (h, w, c) == (200, 150, 4)
    np.testing.assert_array_equal(pixels, images[0])


def test_bad_image_shapes_and_dtypes_are_rejected():
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.summary.image("i32", tf.constant(np.ones((1, 2, 2, 1), np.int32)))
    x = tf.placeholder(tf.float32)
    s = tf.summary.image("bad", x)
    with tf.Session() as sess:
        for bad in (np.ones((2, 2, 1)), np.ones((1, 2, 2, 2))):
            with pytest.raises(tf.errors.InvalidArgumentError, match="4-D with last dim 1, 3, or 4"):
                sess.run(s, {x: bad})


def test_tensorboard_reads_the_image_from_the_event_file(tmp_path):
    from tensorboard.backend.event_processing import event_accumulator
    images = np.linspace(0, 1, 2 * 3 * 5 * 3, dtype=np.float32).reshape(2, 3, 5, 3)
    s = tf.summary.image("inputs", tf.constant(images), max_outputs=2)
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_summary(sess.run(s), global_step=7)
    acc = event_accumulator.EventAccumulator(str(tmp_path), size_guidance={event_accumulator.IMAGES: 0})
    acc.Reload()
    assert acc.Tags()["images"] == ["inputs/image/0", "inputs/image/1"]
    event, = acc.Images("inputs/image/1")
    assert (event.step, event.height, event.width) == (7, 3, 5)
    decoded = np.array(Image.open(io.BytesIO(event.encoded_image_string)))
    second = images[1]
    np.testing.assert_array_equal(decoded, (second * np.float32(255 / second.max())).astype(np.uint8))
