package dev.cadenza.djl;

import ai.djl.nn.Parameter;
import dev.cadenza.model.ParameterSpec;

/** One canonical tensor and the DJL parameter that holds it. */
record MappedParameter(ParameterSpec canonical, Parameter djl, Layout layout) {}
