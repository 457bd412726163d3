"""tf.image: resizing, the usual augmentations, geometric transforms and pixel-value adjustments
for images [h, w, c] and batches [n, h, w, c]."""
from .ops.image_ops import (ResizeMethod, random_crop, random_flip_left_right, resize_bilinear,  # noqa: F401
                            resize_images, resize_nearest_neighbor)
from .ops.image_geometry_ops import (central_crop, crop_to_bounding_box, flip_left_right, flip_up_down,  # noqa: F401
                                     pad_to_bounding_box, random_flip_up_down, resize_image_with_crop_or_pad,
                                     resize_with_crop_or_pad, rot90, transpose_image)
from .ops.image_geometry_ops import transpose_image as transpose  # noqa: F401 - TF 1.15 has both names
from .ops.image_adjust_ops import (adjust_brightness, adjust_contrast, adjust_gamma, convert_image_dtype,  # noqa: F401
                                   grayscale_to_rgb, image_gradients, per_image_standardization, psnr,
                                   random_brightness, random_contrast, rgb_to_grayscale, sobel_edges,
                                   total_variation)
