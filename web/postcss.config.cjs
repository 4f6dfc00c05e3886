// Mantine's mixins (light/dark, hover, breakpoints) and rem() helpers for any CSS modules we add.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
