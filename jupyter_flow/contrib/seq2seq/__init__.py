"""tf.contrib.seq2seq: sequence_loss, the helper/decoder API (TrainingHelper, GreedyEmbeddingHelper,
BasicDecoder, dynamic_decode) and tile_batch, as TF1's NMT-style programs use them.

>>> helper = tf.contrib.seq2seq.TrainingHelper(dec_inputs, dec_lengths)
>>> decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, enc_state, output_layer=tf.layers.Dense(V))
>>> outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder)
"""
from .basic_decoder import BasicDecoder, BasicDecoderOutput  # noqa: F401
from .decoder import Decoder, dynamic_decode  # noqa: F401
from .helper import GreedyEmbeddingHelper, Helper, SampleEmbeddingHelper, TrainingHelper  # noqa: F401
from .loss import sequence_loss  # noqa: F401
from .tile_batch import tile_batch  # noqa: F401
from .attention_mechanism import AttentionMechanism, BahdanauAttention, LuongAttention  # noqa: F401,E402
from .attention_wrapper import AttentionWrapper, AttentionWrapperState  # noqa: F401,E402
from .custom_helper import CustomHelper, InferenceHelper  # noqa: F401,E402
from .scheduled_helper import ScheduledEmbeddingTrainingHelper  # noqa: F401,E402
from .beam_search import BeamSearchDecoderOutput, BeamSearchDecoderState, FinalBeamSearchDecoderOutput  # noqa: F401,E402
from .beam_search import gather_tree  # noqa: F401,E402
from .beam_search_decoder import BeamSearchDecoder  # noqa: F401,E402
