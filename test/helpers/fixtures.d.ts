/** Absolute path of a committed fixture. */
export declare const fixture: (name: string) => string;
export interface ExpectedModel {
    task: 'binary' | 'multiclass' | 'regression';
    holdout_csv: string;
    train_csv: string;
    feature_names: string[];
    n_features: number;
    accuracy?: number;
    first_row_probabilities?: number[];
    first_rows_labels?: number[];
    first_row_prediction?: number;
    rmse?: number;
}
/** sklearn's numbers recorded beside each fixture model by scripts/make-fixtures.py. */
export declare const expected: Record<string, ExpectedModel>;
/** A fixture CSV as float32 feature rows and numeric targets. */
export declare function loadXy(csvName: string): {
    x: Float32Array;
    y: number[];
    rows: number;
    cols: number;
    header: string[];
};
