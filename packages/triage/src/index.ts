/** Chinese text intelligence for screening: tokens, category model, similarity, passages, hotspots. */
export {
  DEFAULT_FEATURE_CONFIG,
  PLACEHOLDERS,
  charNgrams,
  extractFeatures,
  featureTerm,
  normalizeText,
  segmentWords,
  type FeatureConfig,
  forEachFeature,
  type FeatureSink,
} from './tokens.js';
export {
  deserialize,
  fitTemperature,
  predict,
  serialize,
  train,
  type CaseText,
  type Evidence,
  type Model,
  type ModelInfo,
  type ModelQuality,
  type ModelSettings,
  type Prediction,
  type RankedLabel,
  type TrainOptions,
  type TrainingExample,
} from './classifier.js';
export {
  evaluate,
  expectedCalibrationError,
  seededRandom,
  shuffleInPlace,
  stratifiedKFold,
  type ClassificationReport,
  type LabelScores,
} from './metrics.js';
