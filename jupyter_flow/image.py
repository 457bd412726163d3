"""tf.image: resizing and the usual augmentations for images in NHWC."""
from .ops.image_ops import (ResizeMethod, random_crop, random_flip_left_right, resize_bilinear,  # noqa: F401
                            resize_images, resize_nearest_neighbor)
