package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.Target;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --target} values, turning format errors into picocli's usage errors. */
public final class TargetConverter implements ITypeConverter<Target> {
  @Override
  public Target convert(String value) {
    try {
      return Target.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
